import NNShell
import CEditLine
print("nnstep")
