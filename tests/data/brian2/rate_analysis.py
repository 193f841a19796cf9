# Rates computed from records after a run: binned_rate and smooth_rate of a
# PopulationRateMonitor (predefined windows and a window given as values) and of
# SpikeMonitor/EventMonitor (one row per neuron), values()/all_values() and
# event_trains() of an EventMonitor. rate_analysis.npz is Brian2 2.11.0's output
# (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1*ms
G = SpikeGeneratorGroup(5, [0, 1, 1, 3, 4, 0, 2, 2, 4, 1],
                        [0.0, 0.3, 1.2, 1.25, 2.0, 2.05, 3.3, 4.0, 4.95, 5.5]*ms)
H = NeuronGroup(3, 'dv/dt = (1.2 + 0.1*i - v)/(3*ms) : 1',
                threshold='v > 1', reset='v = 0',
                events={'half': 'v > 0.5 and v < 0.6'}, method='exact')
R = PopulationRateMonitor(G)
S = SpikeMonitor(G)
E = EventMonitor(H, 'half', variables=['v'])
run(6*ms)
run(0.5*ms)
bins, binned = R.binned_rate(1*ms)
sbins, sbinned = S.binned_rate(0.4*ms)
ebins, ebinned = E.binned_rate(0.5*ms)
values = E.values('v')
trains = E.event_trains()
everything = E.all_values()
np.savez('out.npz',
         bins=bins/ms, binned=binned/Hz,
         one_step=R.binned_rate(0.1*ms)[1]/Hz,
         flat=R.smooth_rate('flat', 0.5*ms)/Hz,
         gaussian=R.smooth_rate('gaussian', 0.3*ms)/Hz,
         default_window=R.smooth_rate(width=0.2*ms)/Hz,
         custom=R.smooth_rate(np.array([1, 2, 3, 2, 1]))/Hz,
         custom_list=R.smooth_rate([0.5, 1, 0.5])/Hz,
         sbins=sbins/ms, sbinned=sbinned/Hz,
         s_flat=S.smooth_rate('flat', 0.3*ms)/Hz,
         s_custom=S.smooth_rate([1, 1, 1, 1, 1])/Hz,
         ebins=ebins/ms, ebinned=ebinned/Hz,
         v0=values[0], v1=values[1], v2=values[2],
         t2=trains[2]/ms, all_t0=everything['t'][0]/ms, all_v1=everything['v'][1],
         count=E.count[:], num_events=E.num_events)
