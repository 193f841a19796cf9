# Synapses with run_regularly / their own dt (clock-driven equations and summed
# variables on it, pathways on the source's clock). synapses_dt.npz is Brian2 2.11.0's
# output (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1*ms
inp = SpikeGeneratorGroup(1, [0, 0], [1, 3.3]*ms)
G = NeuronGroup(2, '''dv/dt = (I - v)/(2*ms) : 1
I : 1''', method='euler')
S = Synapses(inp, G, '''dg/dt = -g/(2*ms) : 1 (clock-driven)
I_post = g : 1 (summed)''', on_pre='g += 1', method='euler', dt=0.5*ms)
S.connect()
M = StateMonitor(G, ['v', 'I'], record=True)
MS = StateMonitor(S, 'g', record=True)
run(6*ms)
np.savez('out.npz', v=M.v, I=M.I, g=MS.g, tg=MS.t/ms)
