# Summed variables into a subgroup (Brian2 runs their updater after the group's
# state update: a subgroup's order is one after its group's), clock-driven
# synapses from a subgroup. summed_subgroup.npz is Brian2 2.11.0's output (numpy
# target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1*ms
P = NeuronGroup(4, 'x : 1')
P.x = 'i + 1'
G = NeuronGroup(6, '''dv/dt = (I - v)/(2*ms) : 1
I : 1''', method='euler')
S = Synapses(P, G[2:5], '''w : 1
I_post = w*x_pre : 1 (summed)''')
S.connect(condition='(i + j) % 2 == 0')
S.w = 'j + 0.5'
S2 = Synapses(P[1:3], G, '''dy/dt = -y/(3*ms) : 1 (clock-driven)
''', method='euler')
S2.connect()
S2.y = 'i + j'
M = StateMonitor(G, ['v', 'I'], record=True)
M2 = StateMonitor(S2, 'y', record=[0, 5, 11])
run(5*ms)
np.savez('out.npz', v=M.v, I=M.I, y=M2.y, yend=np.array(S2.y))
