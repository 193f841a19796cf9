//! Append-only storage of recorded data: [`RecordBuffer`], the column type of every
//! monitor.
//!
//! Data lives in chunks that are allocated once and never moved: appending never
//! copies what was recorded before, so a monitor holds at most its data plus the
//! unused tail of its last chunk. When the amount of data is known before a run (a
//! `StateMonitor` records every step, a `PopulationRateMonitor` too), [`reserve`]
//! allocates exactly that; otherwise (spikes, events) chunks grow with the data, from
//! [`MIN_CHUNK`] elements, doubling, up to [`MAX_CHUNK`], so the unused tail is never
//! more than the data itself and never more than one maximal chunk.
//!
//! [`reserve`]: RecordBuffer::reserve

use std::borrow::Cow;
use std::collections::TryReserveError;

/// Capacity of the first chunk grown by appending.
pub const MIN_CHUNK: usize = 256;
/// Largest capacity of a chunk grown by appending (512 KiB of `f64`).
pub const MAX_CHUNK: usize = 1 << 16;

/// An append-only sequence stored in chunks that never move.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordBuffer<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for RecordBuffer<T> {
    fn default() -> Self {
        RecordBuffer {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Copy> RecordBuffer<T> {
    /// An empty buffer; nothing is allocated until data or a reservation comes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Room left in the last chunk.
    fn spare(&self) -> usize {
        self.chunks.last().map_or(0, |c| c.capacity() - c.len())
    }

    /// Make room for `additional` more elements without any later allocation: a new
    /// chunk of exactly what the last one lacks. An error (nothing allocated) if the
    /// memory is not there.
    pub fn reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        let spare = self.spare();
        if additional > spare {
            let mut chunk = Vec::new();
            chunk.try_reserve_exact(additional - spare)?;
            self.chunks.push(chunk);
        }
        Ok(())
    }

    /// The chunk to append to: the last one, or a new one if it is full.
    fn tail(&mut self) -> &mut Vec<T> {
        if self.spare() == 0 {
            let capacity = self.len.clamp(MIN_CHUNK, MAX_CHUNK);
            self.chunks.push(Vec::with_capacity(capacity));
        }
        // A chunk was just pushed if there was none.
        let last = self.chunks.len() - 1;
        &mut self.chunks[last]
    }

    /// Append one element.
    pub fn push(&mut self, x: T) {
        self.tail().push(x);
        self.len += 1;
    }

    /// Append every element of `items`, filling chunks without moving them (a chunk
    /// at a time, not an element at a time).
    pub fn extend(&mut self, items: impl IntoIterator<Item = T>) {
        let mut items = items.into_iter().peekable();
        while items.peek().is_some() {
            let chunk = self.tail();
            let (before, room) = (chunk.len(), chunk.capacity() - chunk.len());
            chunk.extend(items.by_ref().take(room));
            let added = chunk.len() - before;
            self.len += added;
        }
    }

    /// The chunks, in order; together they are the whole sequence.
    pub fn chunks(&self) -> impl Iterator<Item = &[T]> + '_ {
        self.chunks
            .iter()
            .map(Vec::as_slice)
            .filter(|c| !c.is_empty())
    }

    /// The elements in order.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        self.chunks().flat_map(|c| c.iter().copied())
    }

    /// Element `k`, if there is one.
    pub fn get(&self, mut k: usize) -> Option<T> {
        for c in self.chunks() {
            if k < c.len() {
                return Some(c[k]);
            }
            k -= c.len();
        }
        None
    }

    /// The sequence as one slice: borrowed when it is stored in one chunk, gathered
    /// into a new vector otherwise.
    pub fn contiguous(&self) -> Cow<'_, [T]> {
        let mut chunks = self.chunks();
        match (chunks.next(), chunks.next()) {
            (None, _) => Cow::Borrowed(&[]),
            (Some(c), None) => Cow::Borrowed(c),
            _ => Cow::Owned(self.to_vec()),
        }
    }

    /// A copy of the sequence.
    pub fn to_vec(&self) -> Vec<T> {
        let mut out = Vec::with_capacity(self.len);
        for c in self.chunks() {
            out.extend_from_slice(c);
        }
        out
    }

    /// Bytes allocated, used or not.
    pub fn allocated_bytes(&self) -> usize {
        self.chunks.iter().map(Vec::capacity).sum::<usize>() * std::mem::size_of::<T>()
    }
}

impl<T: Copy> FromIterator<T> for RecordBuffer<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut b = RecordBuffer::new();
        b.extend(items);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_keeps_order_and_never_moves_a_chunk() {
        let mut b = RecordBuffer::new();
        b.push(0u32);
        let first = b.chunks[0].as_ptr();
        for k in 1..300_000u32 {
            b.push(k);
        }
        assert_eq!(b.chunks[0].as_ptr(), first, "the first chunk moved");
        assert_eq!(b.len(), 300_000);
        assert!(b.iter().enumerate().all(|(k, x)| x == k as u32));
        assert_eq!(b.get(299_999), Some(299_999));
        assert_eq!(b.get(300_000), None);
        assert_eq!(b.to_vec().len(), 300_000);
        // Chunks double from MIN_CHUNK and stop at MAX_CHUNK.
        let caps: Vec<usize> = b.chunks.iter().map(Vec::capacity).collect();
        assert_eq!(caps[0], MIN_CHUNK);
        assert_eq!(caps[1], MIN_CHUNK);
        assert_eq!(caps[2], 2 * MIN_CHUNK);
        assert!(caps.iter().all(|&c| c <= MAX_CHUNK));
        assert_eq!(*caps.last().unwrap_or(&0), MAX_CHUNK);
    }

    #[test]
    fn growth_costs_no_more_than_the_data() {
        for n in [1usize, 255, 256, 257, 1000, 70_000, 1_000_000] {
            let b: RecordBuffer<f64> = (0..n).map(|k| k as f64).collect();
            let used = n * 8;
            let unused = b.allocated_bytes() - used;
            assert!(
                unused <= used.max(MIN_CHUNK * 8) && unused <= MAX_CHUNK * 8,
                "{n} elements: {unused} bytes unused"
            );
        }
    }

    #[test]
    fn reserve_allocates_exactly_what_is_missing() {
        let mut b = RecordBuffer::new();
        b.reserve(1000).expect("memory");
        b.extend((0..1000).map(f64::from));
        assert_eq!(b.allocated_bytes(), 8000);
        assert!(matches!(b.contiguous(), Cow::Borrowed(_)));
        // A second run: the old chunk stays where it is.
        let first = b.chunks[0].as_ptr();
        b.reserve(10).expect("memory");
        b.extend((0..10).map(f64::from));
        assert_eq!(b.chunks[0].as_ptr(), first);
        assert_eq!(b.allocated_bytes(), 8080);
        assert!(matches!(b.contiguous(), Cow::Owned(_)));
        assert_eq!(b.contiguous().len(), 1010);
        assert!(b.reserve(usize::MAX / 2).is_err());
        assert_eq!(b.len(), 1010);
    }

    #[test]
    fn a_clone_appends_without_reallocating_the_copied_chunks() {
        let mut b: RecordBuffer<i32> = (0..10).collect();
        let mut c = b.clone();
        c.push(10);
        b.push(10);
        assert_eq!(b.to_vec(), c.to_vec());
        assert!(b.is_empty() == c.is_empty() && c.len() == 11);
    }
}
