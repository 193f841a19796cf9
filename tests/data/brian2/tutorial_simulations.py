# Transcribed for spikelift's tests (Brian2 tutorial material, start_scope() between
# parts: each part starts again at t = 0 with its own objects). tutorial_simulations.npz is
# Brian2 2.11.0's output (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
start_scope()
num_inputs = 100
input_rate = 10*Hz
weight = 0.1
tau_range = np.linspace(1, 10, 5)*ms
num_tau = len(tau_range)
P = SpikeGeneratorGroup(num_inputs, np.arange(num_inputs) % 100, (np.arange(num_inputs) * 7 % 97) * 0.9 * ms + 1*ms)
eqs = '''
dv/dt = -v/tau : 1
tau : second
'''
G = NeuronGroup(num_tau, eqs, threshold='v>1', reset='v=0', method='exact')
G.tau = tau_range
S = Synapses(P, G, on_pre='v += weight')
S.connect()
spikemon = SpikeMonitor(G)
run(100*ms)
output_rates = spikemon.count/(100*ms)
start_scope()
P = SpikeGeneratorGroup(num_inputs, np.arange(num_inputs) % 100, (np.arange(num_inputs) * 7 % 97) * 0.9 * ms + 1*ms)
eqs = '''
dv/dt = -v/tau : 1
'''
G = NeuronGroup(1, eqs, threshold='v>1', reset='v=0', method='exact')
S = Synapses(P, G, on_pre='v += weight')
S.connect()
M = SpikeMonitor(G)
store()
rates = []
for tau in tau_range:
    restore()
    run(100*ms)
    rates.append(M.num_spikes/second)
rates = np.array(rates)

start_scope()
tau = 10*ms
G = NeuronGroup(2, 'dv/dt = -v/tau : 1', threshold='v>1', reset='v=0', method='exact')
P = SpikeGeneratorGroup(1, [0, 0, 0, 0], [1, 2, 3, 4]*ms)
S = Synapses(P, G, on_pre='v += 0.4')
S.connect()
M2 = SpikeMonitor(G)
net = Network(collect())
net.run(10*ms)
net.store('first')
G.v = 0.9
net.run(10*ms)
n1 = M2.num_spikes
net.restore('first')
net.run(10*ms)
np.savez('out.npz', out=output_rates/Hz, rates=rates, n1=np.array(n1), n2=np.array(M2.num_spikes), ti=np.array(M2.i), tt=M2.t/ms)
