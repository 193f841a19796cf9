# SpikeMonitor and StateMonitor with their own name, when and order: a SpikeMonitor
# in the end slot records v after the reset; subexpressions recorded at spikes and
# events, on a subgroup too. monitor_schedule.npz is Brian2 2.11.0's
# output (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
G = NeuronGroup(3, '''dv/dt = (1.5 + 0.2*i - v)/(5*ms) : 1
c = 2*v + i : 1''', threshold='v > 1', reset='v = 0.25', method='exact',
                events={'high': 'v > 0.9'})
A = SpikeMonitor(G, variables='v', name='after_reset', when='end')
B = SpikeMonitor(G, variables=['v', 'c'])
E = EventMonitor(G[1:], 'high', variables='c')
C = StateMonitor(G, 'v', record=[1], name='trace', when='end', order=3)
run(12*ms)
print(A.name, B.name, C.name)
np.savez('out.npz', a_v=A.v[:], b_v=B.v[:], a_t=A.t/ms, b_t=B.t/ms, c=C.v[0],
         b_c=B.c[:], e_c=E.c[:], e_i=np.array(E.i), e_t=E.t/ms)
