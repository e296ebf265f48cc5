//! From mentions to actors: names sharing a stem with a demonym, then one
//! actor per key, most mentioned first.

use super::*;

/// The shared-stem rule for names the country table does not know: a word
/// shaped like a demonym (`-ais`, `-ien`, `-i`, `-ian`…) whose folded form
/// starts with a one-word name less its final vowels, five letters at least
/// (`Karabakh` / `karabakhi`), is a mention of that name.
pub(super) fn shared_stems(sentences: &[&[Token<'_>]], raws: &mut Vec<Raw>) {
    // Each stem with the first name that gave it, in order of first appearance.
    let mut stems: Vec<(String, Raw)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in raws.iter() {
        if r.tokens.len() == 1 && !r.initial && r.kind == "other" {
            let stem = r.key.trim_end_matches(['a', 'e', 'i', 'y']).to_owned();
            if stem.chars().count() >= 5 && !index.contains_key(&stem) {
                index.insert(stem.clone(), stems.len());
                stems.push((stem, r.clone()));
            }
        }
    }
    // The first stem (in order of appearance) that `f` extends by a
    // demonym's ending of at most six bytes: only the prefixes of `f` that
    // leave such an ending are looked up, not every stem.
    let owner = |f: &str| {
        (f.len().saturating_sub(6)..=f.len())
            .filter(|&cut| f.is_char_boundary(cut))
            .filter_map(|cut| index.get(&f[..cut]).map(|&i| (i, &f[cut..])))
            .filter(|&(i, rest)| f != stems[i].1.key && demonym_shaped(rest))
            .map(|(i, _)| i)
            .min()
            .map(|i| &stems[i])
    };
    // Names that are another name's demonym (`Velorian`) join it.
    for r in raws.iter_mut() {
        if r.tokens.len() == 1
            && r.kind == "other"
            && let Some((_, name)) = owner(&r.key)
        {
            r.key.clone_from(&name.key);
            r.name.clone_from(&name.name);
            r.initial = false;
        }
    }
    let covered: std::collections::HashSet<(usize, usize)> = raws
        .iter()
        .flat_map(|r| r.tokens.clone().map(move |k| (r.sentence, k)))
        .collect();
    let mut more = Vec::new();
    for (s, &tokens) in sentences.iter().enumerate() {
        for (k, t) in tokens.iter().enumerate() {
            if !t.is_word() || covered.contains(&(s, k)) {
                continue;
            }
            if let Some((_, name)) = owner(&fold(t.text)) {
                more.push(Raw {
                    form: t.text.to_owned(),
                    sentence: s,
                    tokens: k..k + 1,
                    initial: false,
                    ..name.clone()
                });
            }
        }
    }
    raws.extend(more);
}

/// Whether a (folded) word ends like a demonym: `-ais`, `-ien`, `-ian`, `-i`…
pub(super) fn demonym_shaped(f: &str) -> bool {
    DEMONYM_SHAPES.iter().any(|e| f.ends_with(e))
}

/// Groups mentions into actors: by country, by institution, by name; a
/// single capitalised word at a sentence's start only if it is capitalised
/// elsewhere too; a demonym-shaped word with a name's stem (`karabakhi`)
/// joins that name. Most mentioned first.
pub(super) fn group(raws: Vec<Raw>, lang: Lang) -> (Vec<Actor>, Vec<Mention>) {
    let confirmed: std::collections::HashSet<String> = raws
        .iter()
        .filter(|r| !r.initial)
        .map(|r| r.key.clone())
        .collect();
    let raws: Vec<Raw> = raws
        .into_iter()
        .filter(|r| !r.initial || confirmed.contains(&r.key))
        .collect();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut actors: Vec<Actor> = Vec::new();
    let mut mentions = Vec::new();
    // Where each actor's form is in its `forms`: one lookup per mention.
    let mut form_at: HashMap<(usize, String), usize> = HashMap::new();
    for r in raws {
        let at = *index.entry(r.key.clone()).or_insert_with(|| {
            actors.push(Actor {
                name: r.name.clone(),
                kind: r.kind,
                kind_reason: r.kind_reason,
                affiliation: r.affiliation.map(|c| country_name(c, lang).to_owned()),
                forms: Vec::new(),
                mentions: 0,
            });
            actors.len() - 1
        });
        let a = &mut actors[at];
        a.mentions += 1;
        if a.affiliation.is_none() {
            a.affiliation = r.affiliation.map(|c| country_name(c, lang).to_owned());
        }
        match form_at.get(&(at, r.form.clone())) {
            Some(&f) => a.forms[f].1 += 1,
            None => {
                form_at.insert((at, r.form.clone()), a.forms.len());
                a.forms.push((r.form, 1));
            }
        }
        mentions.push(Mention {
            actor: at,
            sentence: r.sentence,
            tokens: r.tokens,
            speaker: r.speaker,
        });
    }
    // Most mentioned first; ties keep the order of first mention.
    let mut order: Vec<usize> = (0..actors.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(actors[i].mentions));
    let mut new_index = vec![0; actors.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let sorted = order.iter().map(|&i| actors[i].clone()).collect();
    for m in &mut mentions {
        m.actor = new_index[m.actor];
    }
    (sorted, mentions)
}
