# A deterministic excitatory/inhibitory network (connectivity and drive given by
# formulas) in which synaptic input reaches refractory neurons: Brian2 ignores
# writes to an (unless refractory) variable during refractoriness in every code
# object but the reset. refractory_network.npz is Brian2 2.11.0's output (numpy
# target); spikelift must give the same spikes.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1*ms
N_E = 400
N_I = 100
N = N_E + N_I
tau = 20*ms
theta = 20*mV
V_r = 10*mV
tau_rp = 2*ms
J = 0.5*mV
D = 1.5*ms
g = 5.0
neurons = NeuronGroup(N, '''dv/dt = (mu - v)/tau : volt (unless refractory)
mu : volt''', threshold='v > theta', reset='v = V_r', refractory=tau_rp, method='exact')
neurons.mu = '18*mV + 6*mV*((i*37) % 101)/101.0'
neurons.v = '10*mV*((i*53) % 97)/97.0'
exc = neurons[:N_E]
inh = neurons[N_E:]
Se = Synapses(exc, target=neurons, on_pre='v += J', delay=D)
Se.connect(condition='(i*7 + j*13) % 10 == 0')
Si = Synapses(inh, target=neurons, on_pre='v += -g*J', delay=D)
Si.connect(condition='(i*11 + j*3) % 10 == 0')
M = SpikeMonitor(neurons)
run(100*ms)
np.savez('out.npz', i=np.array(M.i), t=np.array(M.t/ms), n=np.array([len(Se), len(Si)]))
