/// A key of a `LeastRecentlySeenTable`: equality plus a well-mixed 64-bit hash (no `Hasher`: its seeded SipHash
/// costs more than the rest of a lookup).
protocol TableKey: Equatable {
    var tableHash: UInt64 { get }
}

/// A hash table with a fixed capacity whose entries are kept in the order they were last seen: when it is full, a
/// new key takes the place of the least recently seen one (counted in `evictions`), and entries older than a time
/// are dropped from the old end, each in O(1).
///
/// Storage grows by doubling as keys arrive, up to `capacity`, so a table allocates only when a key is new and
/// never beyond its cap. Open addressing with linear probing; removal shifts later probes back (no tombstones).
/// An entry's key, value and recency links sit together in one array element: one bounds and uniqueness check, and
/// one cache line, per entry touched.
struct LeastRecentlySeenTable<Key: TableKey, Value> {
    struct Entry {
        var key: Key
        var value: Value
        /// The entry seen next after this one, and the one seen before it (-1: none).
        var newer: Int32 = -1
        var older: Int32 = -1
    }

    /// The most entries the table holds.
    let capacity: Int
    /// Entries taken by a new key because the table was full.
    private(set) var evictions = 0

    private(set) var entries: [Entry] = []
    /// Entry index + 1 per slot; 0 is empty.
    private var slots = [Int32](repeating: 0, count: 16)
    /// The most and the least recently seen entries (-1 when empty).
    private(set) var newest: Int32 = -1
    private(set) var oldest: Int32 = -1
    /// Entry indices freed by `remove`, reused before the array grows.
    private var free: [Int32] = []
    /// The hash's multiplier, odd and drawn per table: the keys are addresses a sender chooses, and with a fixed
    /// multiplier one could choose thousands that share a slot (multiply-shift with a random odd multiplier is a
    /// universal family). Only where entries sit depends on it, never what the table holds.
    private let multiplier = UInt64.random(in: 0 ... .max) | 1

    init(capacity: Int) {
        precondition(capacity >= 1 && capacity < Int(Int32.max) / 4, "table capacity out of range")
        self.capacity = capacity
    }

    /// Entries held.
    var count: Int { entries.count - free.count }

    private var mask: Int { slots.count - 1 }

    private func home(_ key: Key) -> Int {
        // Multiply-shift: the high bits of the product are the well-mixed ones.
        Int(truncatingIfNeeded: (key.tableHash &* multiplier) >> 32) & mask
    }

    /// The slot holding `key`, or nil.
    private func slot(of key: Key) -> Int? {
        var s = home(key)
        while true {
            let e = slots[s]
            if e == 0 { return nil }
            if entries[Int(e - 1)].key == key { return s }
            s = (s + 1) & mask
        }
    }

    /// The key of entry `i`.
    func key(at i: Int) -> Key { entries[i].key }

    /// Whether `i` is the index of an entry held (not out of range, not freed).
    func isLive(_ i: Int) -> Bool {
        i >= 0 && i < entries.count && (entries[i].newer >= 0 || entries[i].older >= 0 || Int(newest) == i)
    }

    /// The entry index of `key`, without marking it seen.
    func index(of key: Key) -> Int? {
        slot(of: key).map { Int(slots[$0] - 1) }
    }

    /// The entry of `key`, marked as the most recently seen; nil when absent.
    mutating func touch(_ key: Key) -> Int? {
        guard let s = slot(of: key) else { return nil }
        let i = slots[s] - 1
        moveToNewest(i)
        return Int(i)
    }

    /// The index of the least recently seen entry; nil when empty.
    var oldestIndex: Int? { oldest >= 0 ? Int(oldest) : nil }

    /// The entry of `key`, marked as the most recently seen; when absent, `make()` is added as the most recently seen
    /// entry (`inserted` true), after the least recently seen entry made room when the table was full (`evicted`).
    /// One probe when the key is known or there is room.
    mutating func findOrInsert(_ key: Key, _ make: () -> Value) -> (index: Int, inserted: Bool, evicted: (key: Key, value: Value)?) {
        var s = home(key)
        while true {
            let e = slots[s]
            if e == 0 { break }
            if entries[Int(e - 1)].key == key {
                moveToNewest(e - 1)
                return (Int(e - 1), false, nil)
            }
            s = (s + 1) & mask
        }
        var evicted: (key: Key, value: Value)?
        if count >= capacity, oldest >= 0 {
            let victim = Int(oldest)
            evictions += 1
            evicted = (entries[victim].key, entries[victim].value)
            remove(at: victim)
            s = emptySlot(for: key) // the removal may have shifted the probe run
        }
        let i: Int
        if let reused = free.popLast() {
            i = Int(reused)
            entries[i] = Entry(key: key, value: make())
        } else {
            i = entries.count
            entries.append(Entry(key: key, value: make()))
        }
        if count * 2 > slots.count {
            grow()
            s = emptySlot(for: key)
        }
        slots[s] = Int32(i + 1)
        linkAsNewest(Int32(i))
        return (i, true, evicted)
    }

    /// Adds `key` (which must be absent) as the most recently seen entry and returns its index. When the table is
    /// full, the least recently seen entry makes room and is returned as `evicted`.
    mutating func insert(_ key: Key, _ value: Value) -> (index: Int, evicted: (key: Key, value: Value)?) {
        let found = findOrInsert(key) { value }
        precondition(found.inserted, "key already in the table")
        return (found.index, found.evicted)
    }

    private func emptySlot(for key: Key) -> Int {
        var s = home(key)
        while slots[s] != 0 { s = (s + 1) & mask }
        return s
    }

    /// Removes the entry at index `i`.
    mutating func remove(at i: Int) {
        guard var s = slot(of: entries[i].key) else { preconditionFailure("entry not in its table") }
        // Backward-shift deletion: pull later members of the probe run into the hole.
        var next = (s + 1) & mask
        while slots[next] != 0 {
            let h = home(entries[Int(slots[next] - 1)].key)
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

    /// Calls `body` with every entry, the least recently seen first.
    func forEachOldestFirst(_ body: (Key, Value) -> Void) {
        var i = oldest
        while i >= 0 {
            body(entries[Int(i)].key, entries[Int(i)].value)
            i = entries[Int(i)].newer
        }
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let newMask = bigger.count - 1
        for e in slots where e != 0 {
            var s = Int(truncatingIfNeeded: (entries[Int(e - 1)].key.tableHash &* multiplier) >> 32) & newMask
            while bigger[s] != 0 { s = (s + 1) & newMask }
            bigger[s] = e
        }
        slots = bigger
    }

    private mutating func unlink(_ i: Int32) {
        let (newest, oldest) = entries.withUnsafeMutableBufferPointer { e in Self.unlink(i, in: e, newest: self.newest, oldest: self.oldest) }
        self.newest = newest
        self.oldest = oldest
    }

    private mutating func linkAsNewest(_ i: Int32) {
        let (newest, oldest) = entries.withUnsafeMutableBufferPointer { e in Self.link(i, in: e, newest: self.newest, oldest: self.oldest) }
        self.newest = newest
        self.oldest = oldest
    }

    private mutating func moveToNewest(_ i: Int32) {
        guard newest != i else { return }
        // One uniqueness check for the whole move. The indices are the table's own links, each checked below.
        let (newest, oldest) = entries.withUnsafeMutableBufferPointer { e in
            let (n, o) = Self.unlink(i, in: e, newest: self.newest, oldest: self.oldest)
            return Self.link(i, in: e, newest: n, oldest: o)
        }
        self.newest = newest
        self.oldest = oldest
    }

    /// Takes entry `i` out of the recency list held in `e`; returns the list's new ends.
    private static func unlink(_ i: Int32, in e: UnsafeMutableBufferPointer<Entry>, newest: Int32, oldest: Int32) -> (Int32, Int32) {
        precondition(i >= 0 && Int(i) < e.count, "recency link out of range")
        var newest = newest, oldest = oldest
        let n = e[Int(i)].newer, o = e[Int(i)].older
        precondition(Int(n) < e.count && Int(o) < e.count, "recency link out of range")
        if n >= 0 { e[Int(n)].older = o } else { newest = o }
        if o >= 0 { e[Int(o)].newer = n } else { oldest = n }
        e[Int(i)].newer = -1
        e[Int(i)].older = -1
        return (newest, oldest)
    }

    /// Puts entry `i` at the new end of the recency list held in `e`; returns the list's new ends.
    private static func link(_ i: Int32, in e: UnsafeMutableBufferPointer<Entry>, newest: Int32, oldest: Int32) -> (Int32, Int32) {
        precondition(i >= 0 && Int(i) < e.count && Int(newest) < e.count, "recency link out of range")
        var oldest = oldest
        e[Int(i)].older = newest
        e[Int(i)].newer = -1
        if newest >= 0 { e[Int(newest)].newer = i } else { oldest = i }
        return (i, oldest)
    }

    subscript(i: Int) -> Value {
        get { entries[i].value }
        _modify { yield &entries[i].value }
    }
}
