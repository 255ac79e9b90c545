//! Object numbers and references: how the objects of one document are
//! found from a root, renumbered, and moved as a chunk into another (a
//! body's fonts into a copy, a packet into the combined file). The PDF
//! stage's leaf: everything else in `pdf/` may use it, it uses none of them.

use lopdf::{Object, ObjectId};

/// The fonts a document's pages name in their resources, each once: its
/// resource name and its object.
pub(super) fn page_fonts(lo: &lopdf::Document) -> Vec<(Vec<u8>, lopdf::ObjectId)> {
    let mut fonts: Vec<(Vec<u8>, lopdf::ObjectId)> = Vec::new();
    for page in lo.get_pages().into_values() {
        let Ok((inline, more)) = lo.get_page_resources(page) else {
            continue;
        };
        let dicts = inline
            .into_iter()
            .chain(more.iter().filter_map(|id| lo.get_dictionary(*id).ok()));
        for res in dicts {
            let font_dict = match res.get(b"Font") {
                Ok(Object::Dictionary(d)) => Some(d),
                Ok(Object::Reference(r)) => lo.get_dictionary(*r).ok(),
                _ => None,
            };
            for (name, font) in font_dict.into_iter().flat_map(|d| d.iter()) {
                if let Ok(id) = font.as_reference()
                    && !fonts.iter().any(|(_, f)| *f == id)
                {
                    fonts.push((name.clone(), id));
                }
            }
        }
    }
    fonts
}

/// Call `f` with every reference inside `object`.
pub(super) fn references(object: &Object, f: &mut dyn FnMut(ObjectId)) {
    match object {
        Object::Reference(id) => f(*id),
        Object::Array(a) => a.iter().for_each(|o| references(o, f)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| references(o, f)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| references(o, f)),
        _ => {}
    }
}

/// A copy of `object` with references renumbered; a reference to an object
/// not carried over becomes null.
pub(super) fn renumber(object: &Object, map: &dyn Lookup) -> Object {
    // A dictionary's clone keeps its key table: cheaper than building anew.
    let mut copy = object.clone();
    renumber_in_place(&mut copy, &|id| map.get(&id));
    copy
}

/// Take each reference in `object` to the number `to` gives it; one it
/// gives none for becomes null.
pub(super) fn renumber_in_place(object: &mut Object, to: &impl Fn(ObjectId) -> Option<ObjectId>) {
    match object {
        Object::Reference(id) => {
            *object = to(*id).map_or(Object::Null, Object::Reference);
        }
        Object::Array(a) => a.iter_mut().for_each(|o| renumber_in_place(o, to)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| renumber_in_place(o, to)),
        Object::Stream(s) => s
            .dict
            .iter_mut()
            .for_each(|(_, o)| renumber_in_place(o, to)),
        _ => {}
    }
}

/// Put `objects`, a chunk of another document, into `lo` under new
/// numbers after its last, their references to each other renumbered;
/// returns where each went.
pub(super) fn move_in(lo: &mut lopdf::Document, objects: &[(ObjectId, Object)]) -> Numbers {
    let mut map = Numbers::default();
    for (old, _) in objects {
        lo.max_id += 1;
        map.insert(*old, (lo.max_id, 0));
    }
    for (old, obj) in objects {
        lo.objects.insert(map.of(old), renumber(obj, &map));
    }
    map
}

/// Every object reachable from `root` in `lo`, `root` first.
pub(super) fn closure(lo: &lopdf::Document, root: ObjectId) -> Vec<(ObjectId, Object)> {
    reachable(lo, root)
        .into_iter()
        .filter_map(|id| lo.get_object(id).ok().map(|o| (id, o.clone())))
        .collect()
}

/// The numbers of every object reachable from `root` in `lo`, `root`
/// first.
pub(super) fn reachable(lo: &lopdf::Document, root: ObjectId) -> Vec<ObjectId> {
    let mut seen = vec![root];
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(id) = todo.pop() {
        let Ok(obj) = lo.get_object(id) else { continue };
        references(obj, &mut |r| {
            if !seen.contains(&r) {
                seen.push(r);
                todo.push(r);
            }
        });
        out.push(id);
    }
    out
}

/// Object numbers taken to others as an object is written (a reference to
/// a number not in the map becomes `null`), or kept (`None`).
pub(crate) type Renumber<'a> = Option<&'a dyn Lookup>;

/// Where an object number goes: `None` for a number given none.
pub(crate) trait Lookup {
    fn get(&self, old: &ObjectId) -> Option<ObjectId>;
}

impl Lookup for Numbers {
    fn get(&self, old: &ObjectId) -> Option<ObjectId> {
        Numbers::get(self, old)
    }
}

/// Old object numbers to new, a slot per number: a document's objects are
/// numbered densely from 1, and every reference written looks one up.
/// Numbers of another generation than 0 (which `handout` never makes) are
/// kept aside.
#[derive(Debug, Default, Clone)]
pub(crate) struct Numbers {
    slots: Vec<u32>,
    other: std::collections::BTreeMap<ObjectId, ObjectId>,
}

impl Numbers {
    pub(crate) fn get(&self, old: &ObjectId) -> Option<ObjectId> {
        match old.1 {
            0 => match self.slots.get(old.0 as usize) {
                Some(&n) if n != 0 => Some((n, 0)),
                _ => None,
            },
            _ => self.other.get(old).copied(),
        }
    }

    pub(crate) fn insert(&mut self, old: ObjectId, new: ObjectId) {
        if old.1 != 0 || new.1 != 0 || new.0 == 0 {
            self.other.insert(old, new);
            return;
        }
        let at = old.0 as usize;
        if self.slots.len() <= at {
            self.slots.resize(at + 1, 0);
        }
        self.slots[at] = new.0;
    }

    pub(crate) fn contains(&self, old: &ObjectId) -> bool {
        self.get(old).is_some()
    }

    /// The new number of `old`, which was given one.
    pub(crate) fn of(&self, old: &ObjectId) -> ObjectId {
        self.get(old)
            .unwrap_or_else(|| panic!("object {} {} has no new number", old.0, old.1))
    }

    /// Every pair, by old number.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (ObjectId, ObjectId)> + '_ {
        let dense = self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, n)| **n != 0)
            .map(|(old, n)| ((old as u32, 0), (*n, 0)));
        let mut all: Vec<_> = dense.collect();
        if !self.other.is_empty() {
            all.extend(self.other.iter().map(|(a, b)| (*a, *b)));
            all.sort();
        }
        all.into_iter()
    }
}

/// A set of object numbers, a flag per number (see [`Numbers`]).
#[derive(Debug, Default)]
pub(crate) struct Ids {
    dense: Vec<bool>,
    other: std::collections::BTreeSet<ObjectId>,
}

impl Ids {
    /// Add `id`; whether it was new.
    pub(crate) fn insert(&mut self, id: ObjectId) -> bool {
        if id.1 != 0 {
            return self.other.insert(id);
        }
        let at = id.0 as usize;
        if self.dense.len() <= at {
            self.dense.resize(at + 1, false);
        }
        !std::mem::replace(&mut self.dense[at], true)
    }

    pub(crate) fn contains(&self, id: &ObjectId) -> bool {
        match id.1 {
            0 => self.dense.get(id.0 as usize).copied().unwrap_or(false),
            _ => self.other.contains(id),
        }
    }

    /// Every number, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = ObjectId> + '_ {
        let mut all: Vec<ObjectId> = self
            .dense
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .map(|(n, _)| (n as u32, 0))
            .collect();
        if !self.other.is_empty() {
            all.extend(self.other.iter().copied());
            all.sort();
        }
        all.into_iter()
    }
}
