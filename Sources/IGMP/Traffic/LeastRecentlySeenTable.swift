/// A key of a `LeastRecentlySeenTable`: equality plus a well-mixed 64-bit hash (no `Hasher`: its seeded SipHash
/// costs more than the rest of a lookup).
protocol TableKey: Equatable {
    var tableHash: UInt64 { get }
}

/// A hash table with a fixed capacity whose entries are kept in the order they were last seen: when it is full, a
/// new key takes the place of the least recently seen one (counted in `evictions`), and entries older than a time
/// can be dropped from the old end in O(1) each.
///
/// Storage grows by doubling as keys arrive, up to `capacity`, so a table allocates only when a key is new and
/// never beyond its cap. Open addressing with linear probing; removal shifts later probes back (no tombstones).
struct LeastRecentlySeenTable<Key: TableKey, Value> {
    /// The most entries the table holds.
    let capacity: Int
    /// Entries taken by a new key because the table was full.
    private(set) var evictions = 0

    private(set) var keys: [Key] = []
    private(set) var values: [Value] = []
    /// Recency list through entry indices: `newer[i]` is seen after `i`, `older[i]` before; -1 ends it.
    private var newer: [Int32] = []
    private var older: [Int32] = []
    /// Entry index + 1 per slot; 0 is empty.
    private var slots = [Int32](repeating: 0, count: 16)
    /// The most and the least recently seen entries (-1 when empty).
    private(set) var newest: Int32 = -1
    private(set) var oldest: Int32 = -1
    /// Entry indices freed by `remove`, reused before the arrays grow.
    private var free: [Int32] = []

    init(capacity: Int) {
        precondition(capacity >= 1 && capacity < Int(Int32.max) / 4, "table capacity out of range")
        self.capacity = capacity
    }

    /// Entries held.
    var count: Int { keys.count - free.count }

    private var mask: Int { slots.count - 1 }

    private func home(_ key: Key) -> Int {
        // Fibonacci hashing: the high bits of the product are the well-mixed ones.
        Int(truncatingIfNeeded: (key.tableHash &* 0x9e37_79b9_7f4a_7c15) >> 32) & mask
    }

    /// The slot holding `key`, or nil.
    private func slot(of key: Key) -> Int? {
        var s = home(key)
        while true {
            let e = slots[s]
            if e == 0 { return nil }
            if keys[Int(e - 1)] == key { return s }
            s = (s + 1) & mask
        }
    }

    /// The entry index of `key`, without marking it seen.
    func index(of key: Key) -> Int? {
        slot(of: key).map { Int(slots[$0] - 1) }
    }

    /// The entry of `key`, marked as the most recently seen; nil when absent.
    mutating func touch(_ key: Key) -> Int? {
        guard let s = slot(of: key) else { return nil }
        let i = Int32(slots[s] - 1)
        moveToNewest(i)
        return Int(i)
    }

    /// Adds `key` (which must be absent) as the most recently seen entry and returns its index. When the table is
    /// full, the least recently seen entry makes room and is returned as `evicted`.
    mutating func insert(_ key: Key, _ value: Value) -> (index: Int, evicted: (key: Key, value: Value)?) {
        var evicted: (key: Key, value: Value)?
        if count >= capacity, oldest >= 0 {
            let victim = Int(oldest)
            evictions += 1
            evicted = (keys[victim], values[victim])
            remove(at: victim)
        }
        let i: Int
        if let reused = free.popLast() {
            i = Int(reused)
            keys[i] = key
            values[i] = value
        } else {
            i = keys.count
            keys.append(key)
            values.append(value)
            newer.append(-1)
            older.append(-1)
        }
        if count * 2 > slots.count { grow() }
        var s = home(key)
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = Int32(i + 1)
        linkAsNewest(Int32(i))
        return (i, evicted)
    }

    /// Removes the entry at index `i`.
    mutating func remove(at i: Int) {
        guard var s = slot(of: keys[i]) else { preconditionFailure("entry not in its table") }
        // Backward-shift deletion: pull later members of the probe run into the hole.
        var next = (s + 1) & mask
        while slots[next] != 0 {
            let h = home(keys[Int(slots[next] - 1)])
            // Move the entry at `next` into `s` when its home is not in (s, next] (cyclically).
            if (next > s && (h <= s || h > next)) || (next < s && h <= s && h > next) {
                slots[s] = slots[next]
                s = next
            }
            next = (next + 1) & mask
        }
        slots[s] = 0
        unlink(Int32(i))
        free.append(Int32(i))
    }

    /// Removes and returns the least recently seen entry when `isStale` says so.
    mutating func removeOldest(if isStale: (Value) -> Bool) -> (key: Key, value: Value)? {
        guard oldest >= 0, isStale(values[Int(oldest)]) else { return nil }
        let i = Int(oldest)
        let removed = (keys[i], values[i])
        remove(at: i)
        return removed
    }

    /// Calls `body` with every entry, the least recently seen first.
    func forEachOldestFirst(_ body: (Key, Value) -> Void) {
        var i = oldest
        while i >= 0 {
            body(keys[Int(i)], values[Int(i)])
            i = newer[Int(i)]
        }
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let newMask = bigger.count - 1
        for e in slots where e != 0 {
            var s = Int(truncatingIfNeeded: (keys[Int(e - 1)].tableHash &* 0x9e37_79b9_7f4a_7c15) >> 32) & newMask
            while bigger[s] != 0 { s = (s + 1) & newMask }
            bigger[s] = e
        }
        slots = bigger
    }

    private mutating func unlink(_ i: Int32) {
        let n = newer[Int(i)], o = older[Int(i)]
        if n >= 0 { older[Int(n)] = o } else { newest = o }
        if o >= 0 { newer[Int(o)] = n } else { oldest = n }
        newer[Int(i)] = -1
        older[Int(i)] = -1
    }

    private mutating func linkAsNewest(_ i: Int32) {
        older[Int(i)] = newest
        newer[Int(i)] = -1
        if newest >= 0 { newer[Int(newest)] = i } else { oldest = i }
        newest = i
    }

    private mutating func moveToNewest(_ i: Int32) {
        guard newest != i else { return }
        unlink(i)
        linkAsNewest(i)
    }

    subscript(i: Int) -> Value {
        get { values[i] }
        _modify { yield &values[i] }
    }
}
