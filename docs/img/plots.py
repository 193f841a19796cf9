# Makes the pictures of README.md's "Plots" section:
#     cd docs/img && spikelift run plots.py
# 20 leaky integrate-and-fire neurons, each driven by a constant current that grows
# with the neuron's index, all starting at rest.
from brian2 import *
import numpy as np

N = 20
tau = 10*ms
v_rest = -70*mV
R = 100*Mohm
eqs = '''
dv/dt = (v_rest - v + R*I)/tau : volt (unless refractory)
I : amp (constant)
'''
G = NeuronGroup(N, eqs, threshold='v > -50*mV', reset='v = -65*mV',
                refractory=3*ms, method='exact')
G.v = v_rest
G.I = 'i*0.015*nA + 0.18*nA'
spikes = SpikeMonitor(G)
trace = StateMonitor(G, 'v', record=[0, 10, 19])
run(150*ms)

# Population rate, smoothed with a Gaussian window of 2 ms (as Brian2's
# smooth_rate(window='gaussian', width=2*ms) would).
sigma = 2*ms
t = np.arange(0, 1500)*0.1*ms
rate = np.zeros(len(t))*Hz
for k in range(len(t)):
    rate[k] = np.sum(np.exp(-(spikes.t - t[k])**2/(2*sigma**2)))/(N*sigma*np.sqrt(2*pi))

size = (6.4, 4.0)
brian_plot(spikes, filename='raster.png', figsize=size)
plot_state(trace.t, trace.v.T, var_name='v', filename='state.png', figsize=size)
plot_rate(t, rate, filename='rate.png', figsize=size)
