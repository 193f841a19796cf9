# clock= for StateMonitor, run_regularly and PoissonGroup; run_regularly on a
# subgroup (its own i and N, a shared write once per call); clock times after a run
# that is not a multiple of dt. clocks_and_subgroups.npz is Brian2 2.11.0's output
# (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1*ms
slow = Clock(dt=0.25*ms)
G = NeuronGroup(10, '''dv/dt = (1 + 0.1*i - v)/(2*ms) : 1
k : 1
calls : 1 (shared)''', method='exact')
G[3:7].run_regularly('calls += 1; k += i + N', clock=slow)
G.run_regularly('v = v*0.5', clock=slow, when='end')
M = StateMonitor(G, 'v', record=[0, 9], clock=slow)
P = PoissonGroup(3, 1000*Hz, clock=slow)
run(3.05*ms)
t_slow = slow.t/ms
t_default = defaultclock.t/ms
t_group = G.t/ms
np.savez('out.npz', k=np.array(G.k), calls=np.array(G.calls), mt=M.t/ms, mv=M.v,
         times=np.array([t_slow, t_default, t_group]), pt=np.array(P.t/ms))
