/// A key of a `LeastRecentlySeenTable`: equality plus a well-mixed 64-bit hash (no `Hasher`: its seeded SipHash
/// costs more than the rest of a lookup).
protocol TableKey: Equatable {
    var tableHash: UInt64 { get }
}

/// One entry of a `LeastRecentlySeenTable`: its key, its value and its links in the recency list, side by side.
struct TableEntry<Key, Value> {
    var key: Key
    var value: Value
    /// The entry seen next after this one, and the one seen before it (-1: none).
    var newer: Int32 = -1
    var older: Int32 = -1
}

/// A hash table with a fixed capacity whose entries are kept in the order they were last seen: when it is full, a
/// new key takes the place of the least recently seen one (counted in `evictions`), and entries older than a time
/// are dropped from the old end, each in O(1).
///
/// Storage grows by doubling as keys arrive, up to `capacity`, so a table allocates only when a key is new and
/// never beyond its cap. Open addressing with linear probing; removal shifts later probes back (no tombstones).
/// A slot holds its entry's index and the top half of its key's hash (`Slot`), so probing, growing and shifting
/// read only the slots: an entry is read when its tag matches, which is nearly always the key sought.
///
/// A value type over one storage object, copied on write when its owner says: `makeUnique()` copies the storage if
/// it is shared, and the mutating methods assume it is not (a debug build checks), so that an owner changing a table
/// many times per packet checks once. Every index it follows is one it made, checked against the entries held.
struct LeastRecentlySeenTable<Key: TableKey, Value> {
    /// The most entries the table holds.
    let capacity: Int
    private var storage: TableStorage<Key, Value>
    /// The hash's multiplier, odd and drawn per table: the keys are addresses a sender chooses, and with a fixed
    /// multiplier one could choose thousands that share a slot (multiply-shift with a random odd multiplier is a
    /// universal family). Only where entries sit depends on it, never what the table holds.
    private let multiplier = UInt64.random(in: 0 ... .max) | 1

    init(capacity: Int) {
        precondition(capacity >= 1 && capacity < Int(Int32.max) / 4, "table capacity out of range")
        self.capacity = capacity
        storage = TableStorage()
    }

    /// Entries taken by a new key because the table was full.
    var evictions: Int { storage.evictions }
    /// Entries held.
    var count: Int { storage.entryCount - storage.freeCount }

    /// Gives the table storage of its own, copying it if a copy of the table shares it. Call it before changing a
    /// table that may have been copied.
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Debug builds check that a change is made on storage `makeUnique()` made the table's own.
    private mutating func assertUnique() {
        assert(isKnownUniquelyReferenced(&storage), "a shared table changed without makeUnique()")
    }

    /// The key's tag: the top half of its multiply-shift hash. Multiply-shift takes the top bits of the product,
    /// the well-mixed ones (the universal family takes the top bits; middle bits would ignore a key's high bits).
    private func tag(_ key: Key) -> UInt32 {
        UInt32(truncatingIfNeeded: (key.tableHash &* multiplier) >> 32)
    }

    /// The slot holding `key`, or nil.
    private func slot(of key: Key) -> Int? {
        let t = storage, mask = t.slotCount - 1, tag = tag(key)
        var s = Slot.home(tag, mask: mask)
        while true {
            let e = t.slots[s]
            if e == 0 { return nil }
            if Slot.tag(e) == tag && t.entries[Slot.index(e)].key == key { return s }
            s = (s + 1) & mask
        }
    }

    /// The key of entry `i`.
    func key(at i: Int) -> Key { storage.entry(i).pointee.key }

    /// Whether `i` is the index of an entry held (not out of range, not freed).
    func isLive(_ i: Int) -> Bool {
        let t = storage
        guard i >= 0 && i < t.entryCount else { return false }
        return t.entries[i].newer >= 0 || t.entries[i].older >= 0 || Int(t.newest) == i
    }

    /// The entry index of `key`, without marking it seen.
    func index(of key: Key) -> Int? {
        slot(of: key).map { Slot.index(storage.slots[$0]) }
    }

    /// The entry of `key`, marked as the most recently seen; nil when absent.
    mutating func touch(_ key: Key) -> Int? {
        guard let s = slot(of: key) else { return nil }
        assertUnique()
        let i = Slot.index(storage.slots[s])
        storage.moveToNewest(Int32(i))
        return i
    }

    /// Marks entry `i`, which must be held, as the most recently seen.
    mutating func markSeen(_ i: Int) {
        precondition(isLive(i), "no such entry")
        assertUnique()
        storage.moveToNewest(Int32(i))
    }

    /// The index of the least recently seen entry; nil when empty.
    var oldestIndex: Int? { storage.oldest >= 0 ? Int(storage.oldest) : nil }

    /// The entry of `key`, marked as the most recently seen (and changed by `refresh`); when absent, `make()` is added
    /// as the most recently seen entry (`inserted` true), after the least recently seen entry made room when the table
    /// was full (`evicted`). One probe when the key is known or there is room.
    @inline(__always)
    mutating func findOrInsert(_ key: Key, _ make: () -> Value, refresh: (inout Value) -> Void = { _ in })
        -> (index: Int, inserted: Bool, evicted: (key: Key, value: Value)?) {
        assertUnique()
        let t = storage, tag = tag(key)
        var mask = t.slotCount - 1
        var s = Slot.home(tag, mask: mask)
        while true {
            let e = t.slots[s]
            if e == 0 { break }
            if Slot.tag(e) == tag && t.entries[Slot.index(e)].key == key {
                let i = Slot.index(e)
                t.moveToNewest(Int32(i))
                refresh(&t.entries[i].value)
                return (i, false, nil)
            }
            s = (s + 1) & mask
        }
        var evicted: (key: Key, value: Value)?
        if count >= capacity, t.oldest >= 0 {
            let victim = Int(t.oldest)
            t.evictions += 1
            evicted = (t.entries[victim].key, t.entries[victim].value)
            removeUnique(at: victim)
            s = emptySlot(for: tag, mask: mask) // the removal may have shifted the probe run
        }
        let i = t.add(TableEntry(key: key, value: make()))
        if count * 2 > t.slotCount {
            t.growSlots()
            mask = t.slotCount - 1
            s = emptySlot(for: tag, mask: mask)
        }
        t.slots[s] = Slot.make(tag: tag, index: i)
        t.linkAsNewest(Int32(i))
        return (i, true, evicted)
    }

    /// Adds `key` (which must be absent) as the most recently seen entry and returns its index. When the table is
    /// full, the least recently seen entry makes room and is returned as `evicted`.
    mutating func insert(_ key: Key, _ value: Value) -> (index: Int, evicted: (key: Key, value: Value)?) {
        let found = findOrInsert(key, { value })
        precondition(found.inserted, "key already in the table")
        return (found.index, found.evicted)
    }

    private func emptySlot(for tag: UInt32, mask: Int) -> Int {
        var s = Slot.home(tag, mask: mask)
        while storage.slots[s] != 0 { s = (s + 1) & mask }
        return s
    }

    /// Removes the entry at index `i`.
    mutating func remove(at i: Int) {
        precondition(isLive(i), "no such entry")
        assertUnique()
        removeUnique(at: i)
    }

    /// Removes the least recently seen entry and returns it when `isStale` says so of its value; nil otherwise (or
    /// when the table is empty).
    @inline(__always)
    mutating func removeOldest(if isStale: (Value) -> Bool) -> (key: Key, value: Value)? {
        let oldest = Int(storage.oldest)
        guard oldest >= 0, isStale(storage.entries[oldest].value) else { return nil }
        assertUnique()
        let removed = (storage.entries[oldest].key, storage.entries[oldest].value)
        removeUnique(at: oldest)
        return removed
    }

    /// Removes entry `i`, which must be held, from storage known to be this table's alone.
    private func removeUnique(at i: Int) {
        let t = storage
        let mask = t.slotCount - 1
        // The entry's slot is in the probe run from its key's home; a slot holding index `i` is it.
        var s = Slot.home(tag(t.entries[i].key), mask: mask)
        var probes = 0
        while Slot.index(t.slots[s]) != i {
            precondition(t.slots[s] != 0 && probes < t.slotCount, "entry not in its probe run")
            s = (s + 1) & mask
            probes += 1
        }
        // Backward-shift deletion: pull later members of the probe run into the hole.
        var next = (s + 1) & mask
        while t.slots[next] != 0 {
            let h = Slot.home(Slot.tag(t.slots[next]), mask: mask)
            // Move the entry at `next` into `s` when its home is not in (s, next] (cyclically).
            if (next > s && (h <= s || h > next)) || (next < s && h <= s && h > next) {
                t.slots[s] = t.slots[next]
                s = next
            }
            next = (next + 1) & mask
        }
        t.slots[s] = 0
        t.unlink(Int32(i))
        t.free(Int32(i))
    }

    /// Calls `body` with every entry, the least recently seen first.
    func forEachOldestFirst(_ body: (Key, Value) -> Void) {
        let t = storage
        var i = t.oldest
        while i >= 0 {
            body(t.entries[Int(i)].key, t.entries[Int(i)].value)
            i = t.entries[Int(i)].newer
        }
    }

    /// Changes entry `i`'s value in place: one uniqueness check and one index check for all of `body`'s changes.
    mutating func update<R>(_ i: Int, _ body: (inout Value) -> R) -> R {
        assertUnique()
        return body(&storage.entry(i).pointee.value)
    }

    subscript(i: Int) -> Value {
        get { storage.entry(i).pointee.value }
        _modify {
            assertUnique()
            yield &storage.entry(i).pointee.value
        }
    }
}

/// The memory of a `LeastRecentlySeenTable`: the entries (initialised up to `entryCount`, freed ones included), the
/// slots, the free list and the ends of the recency list.
final class TableStorage<Key, Value> {
    typealias Entry = TableEntry<Key, Value>
    private(set) var entries: UnsafeMutablePointer<Entry>
    private(set) var entryCount = 0
    private var entryCapacity: Int
    private(set) var slots: UnsafeMutablePointer<UInt64>
    private(set) var slotCount: Int
    private var freeList: UnsafeMutablePointer<Int32>
    private(set) var freeCount = 0
    private var freeCapacity: Int
    var newest: Int32 = -1
    var oldest: Int32 = -1
    var evictions = 0

    init() {
        entryCapacity = 8
        entries = .allocate(capacity: entryCapacity)
        slotCount = 16
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        freeCapacity = 8
        freeList = .allocate(capacity: freeCapacity)
    }

    deinit {
        entries.deinitialize(count: entryCount)
        entries.deallocate()
        slots.deallocate()
        freeList.deallocate()
    }

    /// A copy of everything, for a table that shares its storage and is about to change.
    func copy() -> TableStorage {
        let c = TableStorage()
        c.entries.deallocate()
        c.entries = .allocate(capacity: entryCapacity)
        c.entries.initialize(from: entries, count: entryCount)
        c.entryCount = entryCount
        c.entryCapacity = entryCapacity
        c.slots.deallocate()
        c.slots = .allocate(capacity: slotCount)
        c.slots.initialize(from: slots, count: slotCount)
        c.slotCount = slotCount
        c.freeList.deallocate()
        c.freeList = .allocate(capacity: freeCapacity)
        c.freeList.initialize(from: freeList, count: freeCount)
        c.freeCount = freeCount
        c.freeCapacity = freeCapacity
        c.newest = newest
        c.oldest = oldest
        c.evictions = evictions
        return c
    }

    /// The entry at `i`, which must be initialised.
    func entry(_ i: Int) -> UnsafeMutablePointer<Entry> {
        precondition(i >= 0 && i < entryCount, "entry index out of range")
        return entries + i
    }

    /// Stores `entry` in a freed place or a new one (the array doubling when full); returns its index.
    @inline(__always)
    func add(_ entry: Entry) -> Int {
        if freeCount > 0 {
            freeCount -= 1
            let i = Int(freeList[freeCount])
            (entries + i).pointee = entry
            return i
        }
        if entryCount == entryCapacity {
            let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: entryCapacity * 2)
            bigger.moveInitialize(from: entries, count: entryCount)
            entries.deallocate()
            entries = bigger
            entryCapacity *= 2
        }
        (entries + entryCount).initialize(to: entry)
        entryCount += 1
        return entryCount - 1
    }

    /// Puts entry `i` on the free list (its key and value stay until the place is reused).
    @inline(__always)
    func free(_ i: Int32) {
        if freeCount == freeCapacity {
            let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: freeCapacity * 2)
            bigger.moveInitialize(from: freeList, count: freeCount)
            freeList.deallocate()
            freeList = bigger
            freeCapacity *= 2
        }
        freeList[freeCount] = i
        freeCount += 1
    }

    /// Doubles the slots and places every entry again, by the tag its slot holds.
    func growSlots() {
        let count = slotCount * 2, mask = count - 1
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
        bigger.initialize(repeating: 0, count: count)
        for k in 0..<slotCount where slots[k] != 0 {
            let e = slots[k]
            var s = Slot.home(Slot.tag(e), mask: mask)
            while bigger[s] != 0 { s = (s + 1) & mask }
            bigger[s] = e
        }
        slots.deallocate()
        slots = bigger
        slotCount = count
    }

    // The links are followed unchecked: every index in them, and every `i` given here, is that of an entry held (the
    // table checks indices from outside before they get here).

    @inline(__always)
    func unlink(_ i: Int32) {
        let e = entries + Int(i)
        let n = e.pointee.newer, o = e.pointee.older
        if n >= 0 { entries[Int(n)].older = o } else { newest = o }
        if o >= 0 { entries[Int(o)].newer = n } else { oldest = n }
        e.pointee.newer = -1
        e.pointee.older = -1
    }

    @inline(__always)
    func linkAsNewest(_ i: Int32) {
        let e = entries + Int(i)
        e.pointee.older = newest
        e.pointee.newer = -1
        if newest >= 0 { entries[Int(newest)].newer = i } else { oldest = i }
        newest = i
    }

    @inline(__always)
    func moveToNewest(_ i: Int32) {
        guard newest != i else { return }
        unlink(i)
        linkAsNewest(i)
    }
}

/// A slot of a `LeastRecentlySeenTable`: 0 when empty, else the key's tag in the high half and the entry's index plus
/// one in the low half.
enum Slot {
    @inline(__always)
    static func make(tag: UInt32, index: Int) -> UInt64 { UInt64(tag) << 32 | UInt64(UInt32(index + 1)) }
    @inline(__always)
    static func tag(_ slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot >> 32) }
    /// The entry index (-1 for an empty slot).
    @inline(__always)
    static func index(_ slot: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: slot)) - 1 }
    /// Where probing for `tag` starts among `mask + 1` slots: the tag's top bits.
    @inline(__always)
    static func home(_ tag: UInt32, mask: Int) -> Int {
        Int(tag >> UInt32(32 - (mask + 1).trailingZeroBitCount))
    }
}
