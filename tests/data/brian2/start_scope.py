# Transcribed for spikelift's tests (Brian2 tutorial material, start_scope() between
# parts: each part starts again at t = 0 with its own objects). start_scope.npz is
# Brian2 2.11.0's output (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
G = NeuronGroup(1, 'v:1', threshold='t > 2*ms and v < 1', reset='v = 1')
M = SpikeMonitor(G)
run(5*ms)
a = M.t/ms
start_scope()
G = NeuronGroup(1, 'v:1', threshold='t > 2*ms and v < 1', reset='v = 1')
M = SpikeMonitor(G)
Ms = StateMonitor(G, 'v', record=0)
run(5*ms)
np.savez('out.npz', a=a, b=M.t/ms, c=Ms.t/ms, d=np.array([defaultclock.t/ms]))
