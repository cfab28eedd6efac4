// Temporary stand-ins for the parser, printer, file layer and interrupt flag, replaced as each lands.
import NNCore
public enum Interrupt { public static func consume() -> Bool { false } }
