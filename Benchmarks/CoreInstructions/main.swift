// core-instructions: one core frame decoded and validated ITERATIONS times, for an instruction counter.
//
// Wall-clock ratios of two builds scatter with the machine's speed and with where the baseline's code lands; the
// instructions a frame costs do neither. Run it under callgrind twice, with ITERATIONS and with 0, and divide the
// difference: Benchmarks/core-instructions.sh does that for every frame, for one build or two.
//
// Usage: core-instructions FRAME ITERATIONS [baseline]   (FRAME: an index into Frames.all; `list` names them)
import BenchmarkFrames
import IGMP

#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) var sink: UInt64 = 0

let arguments = CommandLine.arguments
if arguments.count == 2 && arguments[1] == "list" {
    for (i, frame) in Frames.all.enumerated() { print("\(i)\t\(frame.name)") }
    exit(0)
}
guard arguments.count >= 3, let index = Int(arguments[1]), Frames.all.indices.contains(index),
      let iterations = Int(arguments[2]), iterations >= 0 else {
    print("usage: core-instructions FRAME ITERATIONS [baseline] | list")
    exit(2)
}
let frame = Frames.all[index]
let baseline = arguments.count > 3 && arguments[3] == "baseline"
frame.bytes.withUnsafeBytes { raw in
    let span = RawSpan(_unsafeBytes: raw)
    var findings = FindingBuffer()
    for _ in 0..<iterations {
        if baseline {
            sink &+= touchEveryByte(span)
        } else {
            sink &+= UInt64(inspect(span, linkType: frame.linkType, into: &findings).rawValue)
        }
    }
}
if sink == 42 { print("") }
