# Equations objects: joined with + (to each other and to strings), with keyword
# substitutions (a value for a name, a new name). equations_objects.npz is Brian2
# 2.11.0's output (numpy target); spikelift must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1*ms
base = Equations('dx/dt = (y - x)/tau : 1', tau=5*ms)
eq2 = Equations('dy/dt = -y/tau : 1', y='z', tau=3*ms)
eqs = base + Equations('dz/dt = -z/tau2 : 1', tau2=2*ms)
eqs2 = Equations('''dv/dt = (I - v)/tau : volt
I = g*E : volt
g : 1''', I='Iin', tau=4*ms)
G = NeuronGroup(3, eqs + Equations('y = 2*z : 1'), method='euler')
G.z = 'i + 1'
H = NeuronGroup(2, eqs2, method='euler')
H.g = [0.5, 1.5]
K = NeuronGroup(2, eq2, method='exact')
K.z = [1, 2]
E = 10*mV
M = StateMonitor(G, ['x', 'y', 'z'], record=True)
MH = StateMonitor(H, ['v', 'Iin'], record=True)
MK = StateMonitor(K, 'z', record=True)
run(3*ms)
np.savez('out.npz', x=M.x, y=M.y, z=M.z, v=MH.v/mV, Iin=MH.Iin/mV, kz=MK.z)
