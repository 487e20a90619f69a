@testable import IGMP
import Testing

/// The traffic model's table against a plain model of it (an array in recency order), under every operation, with
/// keys whose hashes collide: probe runs wrap around the slot array, grow, and shift back on removal.
@Suite struct LeastRecentlySeenTableTests {
    struct Colliding: TableKey {
        var id: Int
        // Four hash values for every key: long probe runs, and runs that wrap past the last slot.
        var tableHash: UInt64 { UInt64(id % 4) }
    }

    @Test(arguments: [1, 3, 8, 40])
    func behavesAsARecencyOrderedMap(capacity: Int) {
        var table = LeastRecentlySeenTable<Colliding, Int>(capacity: capacity)
        var model: [(key: Int, value: Int)] = [] // oldest first
        var evictions = 0
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15 &+ UInt64(capacity)
        func next(_ n: Int) -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(n))
        }
        // Mismatches are collected and expected once: an expectation per step costs more than the table under the
        // sanitizers.
        var mismatches: [String] = []
        func check(_ condition: Bool, _ what: @autoclosure () -> String) { if !condition && mismatches.count < 10 { mismatches.append(what()) } }
        for step in 0..<8_000 {
            let key = next(60)
            switch next(4) {
            case 0, 1: // find or insert
                // A key found is refreshed: its value goes up by one.
                let result = table.findOrInsert(Colliding(id: key), { step }, refresh: { $0 += 1 })
                if let at = model.firstIndex(where: { $0.key == key }) {
                    model[at].value += 1
                    check(!result.inserted && table[result.index] == model[at].value, "step \(step)")
                    model.append(model.remove(at: at))
                } else {
                    check(result.inserted, "step \(step)")
                    if model.count == capacity {
                        let victim = model.removeFirst()
                        evictions += 1
                        check(result.evicted?.key.id == victim.key && result.evicted?.value == victim.value, "step \(step)")
                    } else {
                        check(result.evicted == nil, "step \(step)")
                    }
                    model.append((key, step))
                }
            case 2: // look up without touching, then remove
                let found = table.index(of: Colliding(id: key))
                let at = model.firstIndex { $0.key == key }
                check((found == nil) == (at == nil), "step \(step)")
                if let found, let at {
                    check(table[found] == model[at].value, "step \(step)")
                    table.remove(at: found)
                    model.remove(at: at)
                }
            default: // the oldest, as expiry reads it and removes it when stale (here: an even value)
                check(table.oldestIndex.map { table.key(at: $0).id } == model.first?.key, "step \(step)")
                let removed = table.removeOldest { $0 % 2 == 0 }
                if let first = model.first, first.value % 2 == 0 {
                    check(removed?.key.id == first.key && removed?.value == first.value, "step \(step)")
                    model.removeFirst()
                } else {
                    check(removed == nil, "step \(step)")
                }
            }
            check(table.count == model.count, "step \(step)")
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        var order: [Int] = []
        table.forEachOldestFirst { key, _ in order.append(key.id) }
        #expect(order == model.map(\.key))
        #expect(table.evictions == evictions)
        for (key, value) in model {
            let i = table.index(of: Colliding(id: key))
            #expect(i.map { table[$0] } == value)
            #expect(i.map { table.isLive($0) } == true)
        }
    }
}

/// A table is a value: a copy made its own changes apart from the original.
@Test func aTableCopiedIsChangedApart() {
    var a = LeastRecentlySeenTable<LeastRecentlySeenTableTests.Colliding, Int>(capacity: 4)
    for k in 0..<4 { _ = a.findOrInsert(.init(id: k), { k * 10 }) }
    var b = a
    b.makeUnique() // what the traffic model does before it changes its tables
    _ = b.findOrInsert(.init(id: 9), { 90 })
    b[b.index(of: .init(id: 1))!] = -1
    #expect(a.count == 4 && a.index(of: .init(id: 9)) == nil && a[a.index(of: .init(id: 1))!] == 10)
    #expect(b.count == 4 && b.index(of: .init(id: 0)) == nil && b[b.index(of: .init(id: 1))!] == -1)
    var order: [Int] = []
    a.forEachOldestFirst { key, _ in order.append(key.id) }
    #expect(order == [0, 1, 2, 3])
}

/// The model is a value too: its tables are made its own at each packet, so a copy judges on without the original
/// seeing any of it (the tables' mutating methods assume the model did so).
@Test func aTrafficModelCopiedJudgesApart() {
    var original = Segment()
    original.send(frame(.reportV2(group(1)), from: hostA), at: 0)
    var copy = original
    for n in 2...40 { copy.send(frame(.reportV2(group(n)), from: hostA), at: Double(n)) }
    copy.send(generalQueryV3(from: routerA), at: 50)
    let before = original.model.summary(groups: true)
    #expect(before.segments.count == 1 && before.segments[0].groupCount == 1 && before.segments[0].queriers.isEmpty)
    #expect(original.model.now == TrafficTime(nanoseconds: 1_767_225_600_000_000_000))
    let after = copy.model.summary(groups: true)
    #expect(after.segments[0].groupCount == 40 && after.segments[0].queriers.count == 1)
    // The original goes on from where it was, unchanged by the copy.
    original.send(frame(.reportV2(group(2)), from: hostA), at: 60)
    #expect(original.model.summary(groups: true).segments[0].groupCount == 2)
}
