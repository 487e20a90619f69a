import IGMPCapture

/// An output format: it encodes every `OutputEvent`, each kind of event in its own method, which `report` calls.
/// A format with no line for an event (EVE has none for a file's end, text and EVE none for an error, which stderr
/// says) keeps the default, which writes nothing.
package protocol Reporter {
    func packet(_ event: PacketEvent)
    func summary(file: String, _ counts: FileStatistics)
    func error(file: String, _ error: CaptureError)
    func statistics(_ statistics: LiveStatistics, final: Bool)
    /// Writes out whatever is buffered (the end of the output).
    func finish()
}

extension Reporter {
    /// Encodes `event`.
    package func report(_ event: OutputEvent) {
        switch event {
        case .packet(let packet): self.packet(packet)
        case .summary(let file, let counts): summary(file: file, counts)
        case .error(let file, let error): self.error(file: file, error)
        case .statistics(let statistics, let final): self.statistics(statistics, final: final)
        }
    }

    package func summary(file: String, _ counts: FileStatistics) {}
    package func error(file: String, _ error: CaptureError) {}
}
