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
use std::sync::{Arc, Mutex, PoisonError, RwLock};

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
/// of one render and the workers of one batch; owned by one batch run, app
/// or test. Each kind of work has its own lock, so two threads contend only
/// when they look up the same kind at the same moment, and a lock is held
/// only to find or keep a value (values are cheap to clone: most are `Arc`s).
#[derive(Default)]
pub struct Cache {
    kinds: RwLock<HashMap<TypeId, Arc<dyn Kind>>>,
}

impl Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("entries", &self.len())
            .finish()
    }
}

/// One key type's entries, type-erased so one cache holds every kind.
trait Kind: Send + Sync {
    fn as_any(&self) -> &dyn Any;
    fn keys(&self) -> Vec<String>;
    fn len(&self) -> usize;
}

struct Entries<K: Key>(Mutex<HashMap<K, K::Value>>);

impl<K: Key> Entries<K> {
    /// A panic while the lock was held leaves only a half-filled map of
    /// finished results behind: safe to go on using.
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, K::Value>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<K: Key> Kind for Entries<K> {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn keys(&self) -> Vec<String> {
        self.lock().keys().map(|k| format!("{k:?}")).collect()
    }
    fn len(&self) -> usize {
        self.lock().len()
    }
}

impl Cache {
    pub fn new() -> Self {
        Self::default()
    }

    fn with<K: Key, R>(&self, f: impl FnOnce(&mut HashMap<K, K::Value>) -> R) -> R {
        let id = TypeId::of::<K>();
        let found = self
            .kinds
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .cloned();
        let kind = found.unwrap_or_else(|| {
            self.kinds
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(id)
                .or_insert_with(|| Arc::new(Entries::<K>(Mutex::default())))
                .clone()
        });
        let entries = kind
            .as_any()
            .downcast_ref::<Entries<K>>()
            .expect("a cache kind is stored under its own key type");
        f(&mut entries.lock())
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

    fn all(&self) -> Vec<Arc<dyn Kind>> {
        let kinds = self.kinds.read().unwrap_or_else(PoisonError::into_inner);
        kinds.values().cloned().collect()
    }

    /// Every key held, written out: what the privacy test reads.
    pub fn keys(&self) -> Vec<String> {
        self.all().iter().flat_map(|k| k.keys()).collect()
    }

    /// How many results are kept, of every kind.
    pub fn len(&self) -> usize {
        self.all().iter().map(|k| k.len()).sum()
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
