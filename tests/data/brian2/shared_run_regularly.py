# Writes to (shared) variables in run_regularly run once per call, before the
# per-neuron statements, which see the new values; a scalar temporary; string
# assignment of a shared variable. shared_run_regularly.npz
# is Brian2 2.11.0's output (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1*ms
G = NeuronGroup(4, '''gain : 1 (shared)
n : integer (shared)
x : 1
y : 1''')
G.gain = 1.0
G.run_regularly('gain = gain*2; n += 1; x = x + gain*(i + 1)', dt=1*ms)
G.run_regularly('''half = gain/2
y = y + half + n''', dt=0.5*ms, when='end')
M = StateMonitor(G, ['gain', 'x', 'y'], record=[0, 3])
run(3*ms)
G.gain = 'gain + 0.5'
run(1*ms)
np.savez('out.npz', gain=np.array(G.gain), n=np.array(G.n), x=np.array(G.x),
         y=np.array(G.y), mg=M.gain, mx=M.x, my=M.y)
