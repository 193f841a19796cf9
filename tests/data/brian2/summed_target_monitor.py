# A summed variable of synapses read and recorded through the Synapses object
# (S.g_post, StateMonitor(S, 'g_post')) is its target's value, not the synapse's
# contribution. summed_target_monitor.npz is Brian2 2.11.0's output (numpy target);
# spikelift must give the same arrays.
from brian2 import *
prefs.codegen.target = 'numpy'
G = NeuronGroup(2, 'dv/dt = 1/(10*ms) : 1', threshold='v>1', reset='v=0', method='euler')
H = NeuronGroup(1, 'g : 1')
S = Synapses(G, H, '''w : 1
                     g_post = w*v_pre : 1 (summed)''')
S.connect()
S.w = [1, 2]
M = StateMonitor(S, 'g_post', record=[0, 1])
MH = StateMonitor(H, 'g', record=0)
run(1*ms)
np.savez('out.npz', gp=M.g_post, gh=MH.g, sg=S.g_post[:])
