# set_event_schedule moves a custom event's thresholder (here before the groups),
# and its EventMonitor and run_on_event code follow. event_schedule.npz is Brian2
# 2.11.0's output (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1*ms
G = NeuronGroup(2, '''dv/dt = (I - v)/(2*ms) : 1
I : 1
c : integer''', threshold='v > 1', reset='v = 0', method='exact', events={'hi': 'v > 0.8'})
G.I = [1.3, 2.0]
G.set_event_schedule('hi', when='before_groups')
G.run_on_event('hi', 'c += 1; v = v + 0.01')
E = EventMonitor(G, 'hi', variables=['v', 'c'])
M = StateMonitor(G, ['v', 'c'], record=True)
run(5*ms)
np.savez('out.npz', ei=np.array(E.i), et=E.t/ms, ev=np.array(E.v), ec=np.array(E.c), v=M.v, c=M.c)
