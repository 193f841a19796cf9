# Exact integration of a synaptic equation whose coefficient (G_A) a summed variable
# of other synapses writes during the run: the coefficient must be the step's, not
# the run's first. exact_changing_coefficients.npz is Brian2 2.11.0's output (numpy
# target); spikelift must give the same arrays.
from brian2 import *
prefs.codegen.target = 'numpy'
defaultclock.dt = 1*ms
O_G = 1.5/umolar/second
Omega_G = 0.5/(60*second)
src = NeuronGroup(1, '')
tgt = NeuronGroup(1, '')
S = Synapses(src, tgt, '''dGamma/dt = O_G * G_A * (1 - Gamma) -
              Omega_G * Gamma : 1 (clock-driven)
              G_A : mmolar''', method='exact')
S.connect(True, n=3)
astro = NeuronGroup(2, 'dG_A/dt = -G_A/(20*ms) : mmolar', method='exact')
astro.G_A = [78*umolar, 20*umolar]
E = Synapses(astro, S, 'G_A_post = G_A_pre : mmolar (summed)')
E.connect(j='i+1')
M = StateMonitor(S, ['Gamma', 'G_A'], record=True)
run(20*ms)
np.savez('out.npz', g=M.Gamma, ga=M.G_A/umolar)
