# Synapses with run_regularly / their own dt (clock-driven equations and summed
# variables on it, pathways on the source's clock). synapses_run_regularly.npz is Brian2 2.11.0's
# output (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1*ms
G = NeuronGroup(2, 'v : 1')
S = Synapses(G, G, 'w : 1')
S.connect()
S.w = 1
S.run_regularly('w = w * 0.9', dt=1*ms)
S2 = Synapses(G, G, 'w : 1')
S2.connect()
S2.w = 1
rr = S2.run_regularly('w = w + 1', dt=0.5*ms)
G.run_regularly('v += 1', dt=1*ms)
run(3*ms)
np.savez('out.npz', w=np.array(S.w), w2=np.array(S2.w), v=np.array(G.v))
