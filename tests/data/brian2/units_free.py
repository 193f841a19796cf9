# Attributes without units (name_: SI values) read from groups and monitors and
# written to groups; the dt of a user Clock changed between runs.
# units_free.npz is Brian2 2.11.0's output (numpy target); spikelift must give the
# same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
c = Clock(dt=0.2*ms)
G = NeuronGroup(3, 'dv/dt = (20*mV - v)/(5*ms) : volt', threshold='v > 10*mV',
                reset='v = 0*mV', method='exact', clock=c)
G.v_ = np.array([0.0, 0.004, 0.008])
M = StateMonitor(G, 'v', record=True)
S = SpikeMonitor(G)
R = PopulationRateMonitor(G)
run(4*ms)
c.dt = 0.1*ms
G.v_ = 0.001
run(2*ms)
i_, t_ = S.it_
np.savez('out.npz', mt=M.t_, mv=M.v_, m0=M[0].v_, st=S.t_, si=i_, st2=t_, gv=G.v_,
         rate=R.rate_, dt=np.array([c.dt_]))
