//! Work remembered between documents, in a value the caller owns.
//!
//! Personalized copies of one lesson repeat almost all their work: the same
//! sections laid out, the same font subsets cut and deflated, the same
//! structure tree. A [`Cache`] keeps those results so the next copy reuses
//! them. Nothing is kept behind the caller's back: whoever runs the pipeline
//! makes a cache and passes it in — a batch worker owns one for its run, the
//! app one per run, a test a fresh one — and drops it when done.
//!
//! # What may be a key
//!
//! A key says *which work* was done, never *for whom*. It may hold a
//! lesson's identity (its id, language and a hash of its source), layout
//! options, a font face, a set of characters or glyphs, a hash of bytes
//! that are the same for every client. It must not hold a client's name,
//! date, clinician or facility text, or anything from which they could be
//! read back as text: a value that differs from client to client is laid
//! out or painted afresh, never remembered. Every key type implements
//! [`Key`], and `every_key_is_free_of_client_details` (in
//! `tests/cache.rs`) renders personalized documents and reads every key
//! the cache holds to prove it.
//!
//! Values may hold anything a key names (a laid-out section, a subset
//! font); they are dropped with the cache.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::Hash;
use std::sync::Mutex;

/// A kind of remembered work: the key type names the work, its value is the
/// result kept. See the module's rule for what a key may hold.
pub trait Key: Hash + Eq + Clone + Debug + Send + 'static {
    /// What is kept under this key.
    type Value: Clone + Send + 'static;
    /// How many results of this kind one cache keeps; when full it forgets
    /// them all and starts again (a batch works through one packet at a
    /// time, so the kept set is small and stays warm).
    const KEEP: usize;
}

/// Results of earlier work, keyed by what was done. Shared by the threads
/// of one render; owned by one batch worker, app run or test.
#[derive(Default)]
pub struct Cache {
    kinds: Mutex<HashMap<TypeId, Box<dyn Kind>>>,
}

impl Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("entries", &self.len())
            .finish()
    }
}

/// One key type's entries, type-erased so one cache holds every kind.
trait Kind: Send {
    fn as_any(&mut self) -> &mut dyn Any;
    fn keys(&self) -> Vec<String>;
    fn len(&self) -> usize;
}

struct Entries<K: Key>(HashMap<K, K::Value>);

impl<K: Key> Kind for Entries<K> {
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
    fn keys(&self) -> Vec<String> {
        self.0.keys().map(|k| format!("{k:?}")).collect()
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

impl Cache {
    pub fn new() -> Self {
        Self::default()
    }

    fn with<K: Key, R>(&self, f: impl FnOnce(&mut HashMap<K, K::Value>) -> R) -> R {
        // A panic while the lock was held leaves only a half-filled map of
        // finished results behind: safe to go on using.
        let mut kinds = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
        let kind = kinds
            .entry(TypeId::of::<K>())
            .or_insert_with(|| Box::new(Entries::<K>(HashMap::new())));
        let entries = kind
            .as_any()
            .downcast_mut::<Entries<K>>()
            .expect("a cache kind is stored under its own key type");
        f(&mut entries.0)
    }

    /// The result kept for `key`, if any.
    pub fn get<K: Key>(&self, key: &K) -> Option<K::Value> {
        self.with::<K, _>(|m| m.get(key).cloned())
    }

    /// Keep `value` for `key`.
    pub fn put<K: Key>(&self, key: K, value: K::Value) {
        self.with::<K, _>(|m| {
            if m.len() >= K::KEEP && !m.contains_key(&key) {
                m.clear();
            }
            m.insert(key, value);
        });
    }

    /// The result kept for `key`, or `make`'s, kept. `make` runs without the
    /// cache locked, so it may use the cache itself.
    pub fn get_or_make<K: Key, E>(
        &self,
        key: K,
        make: impl FnOnce() -> Result<K::Value, E>,
    ) -> Result<K::Value, E> {
        if let Some(v) = self.get(&key) {
            return Ok(v);
        }
        let v = make()?;
        self.put(key, v.clone());
        Ok(v)
    }

    /// Every key held, written out: what the privacy test reads.
    pub fn keys(&self) -> Vec<String> {
        let kinds = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
        kinds.values().flat_map(|k| k.keys()).collect()
    }

    /// How many results are kept, of every kind.
    pub fn len(&self) -> usize {
        let kinds = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
        kinds.values().map(|k| k.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    struct Square(u32);
    impl Key for Square {
        type Value = u64;
        const KEEP: usize = 2;
    }

    #[test]
    fn keeps_results_and_forgets_when_full() {
        let c = Cache::new();
        let mut runs = 0;
        for n in [3, 3, 4] {
            let v = c
                .get_or_make(Square(n), || {
                    runs += 1;
                    Ok::<_, ()>(u64::from(n * n))
                })
                .unwrap();
            assert_eq!(v, u64::from(n * n));
        }
        assert_eq!(runs, 2, "the second 3 was remembered");
        c.put(Square(5), 25);
        assert_eq!(c.len(), 1, "a third kind of result starts the kind afresh");
        assert_eq!(c.keys(), vec!["Square(5)".to_string()]);
    }
}
