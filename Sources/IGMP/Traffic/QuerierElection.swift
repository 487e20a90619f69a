/// What a query changed in its segment's querier election.
struct QueryHeard<Address> {
    /// The present querier the query's sender displaced (it has a lower address).
    var tookOverFrom: Address?
    /// Whether the sender had been this segment's querier before (a router coming back after a failover).
    var electedBefore = false
    /// The querier present before the query, and the version of its last query.
    var presentQuerier: Address?
    var presentVersion: UInt8?
}

extension SegmentState where Address: ListenerAddress {
    /// Records a query from `source` and runs the election of RFC 3376 6.6.2 (MLD's is the same, RFC 3810 7.6.2):
    /// the lowest address among the queriers present wins; a querier is present until its Other Querier Present
    /// Interval runs out (`presentUntil`).
    ///
    /// A query from 0.0.0.0 never wins: snooping switches query from it (RFC 4541 2.1.1) and routers do not elect it.
    /// (Nor would one from `::`, which receivers discard, RFC 3810 5.1.14; the model does not learn from it.)
    mutating func heardQuery(from source: Address, version: UInt8, at now: Int64, presentUntil: Int64,
                             maximumQueriers: Int) -> QueryHeard<Address> {
        if let c = current, queriers[c].presentUntil < now { current = nil }
        var heard = QueryHeard<Address>()
        if let c = current {
            heard.presentQuerier = queriers[c].address
            heard.presentVersion = queriers[c].lastVersion
        }
        var i: Int
        if let known = queriers.firstIndex(where: { $0.address == source }) {
            i = known
        } else {
            if queriers.count >= maximumQueriers, let victim = leastRecentlySeen(sparing: current) {
                queriers.remove(at: victim)
                evictedQueriers += 1
                if let c = current, c > victim { current = c - 1 }
            }
            queriers.append(QuerierRecord(address: source, firstSeen: now, lastSeen: now, presentUntil: presentUntil))
            i = queriers.count - 1
        }
        queriers[i].versions |= 1 << version
        queriers[i].lastVersion = version
        queriers[i].queries += 1
        queriers[i].lastSeen = now
        queriers[i].presentUntil = presentUntil
        guard !source.isUnspecified else { return heard }
        heard.electedBefore = queriers[i].wasElected
        if let c = current {
            if source < queriers[c].address {
                heard.tookOverFrom = queriers[c].address
                current = i
            }
        } else {
            current = i
        }
        if current == i { queriers[i].wasElected = true }
        return heard
    }

    private func leastRecentlySeen(sparing kept: Int?) -> Int? {
        var victim: Int?
        for (i, q) in queriers.enumerated() where i != kept {
            if victim.map({ q.lastSeen < queriers[$0].lastSeen }) ?? true { victim = i }
        }
        return victim
    }
}
