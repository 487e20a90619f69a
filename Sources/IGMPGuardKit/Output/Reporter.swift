/// An output format: encodes every `OutputEvent` as its lines.
package protocol Reporter {
    func report(_ event: OutputEvent)
    /// Writes out whatever is buffered (the end of the output).
    func finish()
}
