# Transcribed for spikelift's tests (Brian2 tutorial material, start_scope() between
# parts: each part starts again at t = 0 with its own objects). tutorial_neurons.npz is
# Brian2 2.11.0's output (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
start_scope()
tau = 10*ms
eqs = '''
dv/dt = (1-v)/tau : 1
'''
G = NeuronGroup(1, eqs, method='exact')
M = StateMonitor(G, 'v', record=0)
run(30*ms)
v1 = M.v[0].copy() if False else np.array(M.v[0])
print('Expected value of v = %s' % (1-exp(-100*ms/tau)))
start_scope()
G = NeuronGroup(1, 'dv/dt = (1-v)/tau : 1 (unless refractory)', threshold='v>0.8', reset='v = 0', refractory=5*ms, method='exact')
statemon = StateMonitor(G, 'v', record=0)
spikemon = SpikeMonitor(G)
run(50*ms)
print('Spike times: %s' % spikemon.t[:])
v2 = np.array(statemon.v[0]); t2 = spikemon.t/ms
start_scope()
N = 100
tau = 10*ms
v0_max = 3.
duration = 1000*ms
eqs = '''
dv/dt = (v0-v)/tau : 1 (unless refractory)
v0 : 1
'''
G = NeuronGroup(N, eqs, threshold='v>1', reset='v=0', refractory=5*ms, method='exact')
M = SpikeMonitor(G)
G.v0 = 'i*v0_max/(N-1)'
run(duration)
rate = M.count/duration
v0s = np.array(G.v0)
start_scope()
N = 100
tau = 10*ms
v0_max = 3.
duration = 1000*ms
sigma = 0.2
eqs = '''
dv/dt = (2-v)/tau : 1 (unless refractory)
'''
G = NeuronGroup(N, eqs, threshold='v>1', reset='v=0', refractory=5*ms, method='exact')
G.v = 'i*1.0/N'
M3 = SpikeMonitor(G)
run(100*ms)
np.savez('out.npz', v1=v1, v2=v2, t2=t2, rate=rate/Hz, v0s=v0s, i3=np.array(M3.i), t3=M3.t/ms)
