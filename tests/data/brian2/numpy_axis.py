# NumPy reductions along an axis (functions and methods, keyword or positional)
# and with ddof. numpy_axis.npz is NumPy's output (run under Brian2 2.11.0); spikelift
# must give the same arrays.
from brian2 import *
import numpy as np
prefs.codegen.target = 'numpy'
a = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0])
b = np.arange(8)
m = np.array([a, b])
r1 = np.mean(m, axis=0)
r2 = np.mean(m, axis=1)
r3 = np.sum(m, axis=0)
r4 = np.sum(m, axis=1)
r5 = np.max(m, axis=0)
r6 = np.min(m, axis=1)
r7 = np.std(m, axis=1)
r8 = m.mean(axis=0)
r9 = m.sum(axis=1)
r10 = np.mean(m)
r11 = np.argmax(m, axis=1)
r14 = np.std(a, ddof=1)
r15 = np.var(a, ddof=1)
r17 = np.any(m > 8, axis=1)
r18 = m.max(axis=1)
r19 = np.mean(m, 1)
r20 = np.sum(m, 0)
r21 = np.max(m, 1)
np.savez('out.npz', r1=r1, r2=r2, r3=r3, r4=r4, r5=r5, r6=r6, r7=r7, r8=r8, r9=r9, r10=r10, r11=r11, r14=r14, r15=r15, r17=r17, r18=r18, r19=r19, r20=r20, r21=r21)
