import NNShell
import CEditLine
#if canImport(Glibc)
import Glibc
#endif
let args = CommandLine.arguments.dropFirst()
let shell = Shell(options: .init(color: false, echo: true))
var status: Int32 = 0
for path in args { status = max(status, shell.runFile(path: path)) }
exit(status)
