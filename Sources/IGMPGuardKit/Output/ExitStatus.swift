/// Exit statuses, the contract with scripts and SIEM pipelines.
public enum ExitStatus {
    /// No hostile packet.
    public static let clean: Int32 = 0
    /// At least one hostile packet.
    public static let hostileFound: Int32 = 1
    /// An error: bad usage, a capture or interface that could not be read, evidence that could not be written.
    public static let error: Int32 = 2
}
