# A single neuron G[5] is a subgroup of one. single_neuron_subgroup.npz is Brian2
# 2.11.0's output (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1*ms
G = NeuronGroup(8, '''dv/dt = (1.5 - v)/(5*ms) : 1
x : volt''', threshold='v > 1', reset='v = 0', method='exact')
G.v = 'i / 8.0'
G.x = np.arange(8)*mV
G.x[G.v > 0.5] = 100*mV
a = np.array(G.x[:] / mV)
G.x[[0, 2]] = [7, 9]*mV
b = G.x_[:]
G.v[np.array([1, 3])] += 0.1
c = np.array(G.v[:])
sub = G[2:6]
sub.v = 0.3
d = np.array(G.v)
e = np.array([len(sub), len(G[1:]), float(G[5:6].v[0])])
f = np.array(G.v['i % 2 == 0'])
g = np.array(G.x['v > 0.2']/mV)
SM = SpikeMonitor(G, variables=['v', 'x'])
run(10*ms)
h = SM.v
k = SM.x / mV
av = SM.all_values()
l = av['t'][3] / ms
vv = SM.values('v')[2]
np.savez('out.npz', a=a, b=b, c=c, d=d, e=e, f=f, g=g, h=h, k=k, l=l, vv=vv)
