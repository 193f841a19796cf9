# Presynaptic and postsynaptic variables of synapses read from the script
# (S.x_pre, S.y_post). synapse_views.npz is Brian2 2.11.0's output (numpy target);
# spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
G = NeuronGroup(3, 'x : metre')
G.x = 'i*10*um'
H = NeuronGroup(2, 'y : 1')
H.y = [5, 7]
S = Synapses(G, H, 'w : 1')
S.connect()
a = S.x_pre / um
b = np.array(S.y_post)
c = np.array(S.x / um) if False else a
S.w = 'y_post + x_pre/um'
d = np.array(S.w)
np.savez('out.npz', a=a, b=b, d=d)
