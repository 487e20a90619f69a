/// The keys and entries of the traffic model's tables.

/// A host on a segment.
struct HostKey<Address: ListenerAddress>: TableKey {
    var segment: UInt64
    var address: Address
    var tableHash: UInt64 { segment &* 0x100_0000_01b3 ^ address.folded }
}

/// What the model keeps of one host: its message rates, its group count and which alarms are up.
struct HostState {
    var lastSeen: Int64
    var queries = RateWindow()
    var reports = RateWindow()
    var leaves = RateWindow()
    var queriedSources = RateWindow()
    /// Groups the host holds (memberships in the table).
    var groups: Int32 = 0
    var groupCapAlarmed = false
    var downgradeAlarmed = false
    var notListedAlarmed = false
    /// Told apart from an earlier entry of the same host (see `TrafficModel.nextHostSerial`).
    let serial: UInt32

    init(lastSeen: Int64, serial: UInt32) {
        self.lastSeen = lastSeen
        self.serial = serial
    }
}

/// A host's membership of a group on a segment.
struct MembershipKey<Address: ListenerAddress>: TableKey {
    var segment: UInt64
    var host: Address
    var group: Address
    var tableHash: UInt64 {
        let group = group.folded
        return (segment &* 0x100_0000_01b3 ^ host.folded) &* 0x9e37_79b9 ^ group << 17 ^ group
    }
}

/// What the model keeps of one membership: when it was last reported and how many sources its filter holds.
struct MembershipState {
    var lastSeen: Int64
    /// Sources in the host's filter for the group: the include list in INCLUDE mode, the exclude list in EXCLUDE mode.
    var sources: Int32 = 0
    var exclude = false
    var sourceCapAlarmed = false
    /// A digest of the last ALLOW or BLOCK record, so that a retransmission (RFC 3376 5.1) is not counted twice.
    var lastChange: UInt64 = 0
    /// The host entry the membership is counted in, and that entry's serial (saves a lookup when it ends).
    var hostEntry: Int32
    var hostSerial: UInt32

    init(lastSeen: Int64, hostEntry: Int32, hostSerial: UInt32) {
        self.lastSeen = lastSeen
        self.hostEntry = hostEntry
        self.hostSerial = hostSerial
    }

    /// Updates the source-cap alarm for the filter's size; true when the filter has just passed `cap` (the alarm goes
    /// off once, until the filter is back under the cap).
    mutating func passesSourceCap(_ cap: Int) -> Bool {
        if Int(sources) <= cap {
            sourceCapAlarmed = false
            return false
        }
        guard !sourceCapAlarmed else { return false }
        sourceCapAlarmed = true
        return true
    }
}

/// A segment (`SegmentKey.packed`).
struct SegmentTableKey: TableKey {
    var packed: UInt64
    var tableHash: UInt64 { packed }
}

/// One router (or switch) heard querying on a segment.
struct QuerierRecord<Address> {
    var address: Address
    /// Bit v set: a version `v` query (IGMPv`v`, MLDv`v`) was heard from it.
    var versions: UInt8 = 0
    var lastVersion: UInt8 = 0
    var queries = 0
    var firstSeen: Int64
    var lastSeen: Int64
    /// The end of its Other Querier Present Interval, from its last query.
    var presentUntil: Int64
    /// Whether the election ever made it this segment's querier.
    var wasElected = false
}

/// What the model keeps of one segment: the queriers heard and which of them the election made querier.
struct SegmentState<Address> {
    var queriers: [QuerierRecord<Address>] = []
    /// Index in `queriers` of the elected querier, while it is present.
    var current: Int?
    /// Queriers dropped because `maximumQueriersPerSegment` were held.
    var evictedQueriers = 0
}
