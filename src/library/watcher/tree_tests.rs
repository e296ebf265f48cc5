//! The epoch rules, on real folders and real inotify events.

use super::*;

fn lib() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("lib");
    std::fs::create_dir_all(root.join("a/b")).unwrap();
    std::fs::create_dir_all(root.join(".hidden")).unwrap();
    std::fs::write(root.join("a/x.toml"), "x").unwrap();
    let root = root.canonicalize().unwrap();
    (tmp, root)
}

fn epoch(tree: &mut Tree, root: &Path) -> Option<u64> {
    tree.answer(&[root.to_owned()])[0]
}

/// `tempdir` may lie on a file system the watcher refuses (a network
/// one): then there is nothing to test here.
fn watched(tree: &mut Tree, root: &Path) -> Option<u64> {
    let e = epoch(tree, root);
    if e.is_none() {
        println!(
            "skipped: {root:?} is not watched here: {:?}",
            tree.roots().collect::<Vec<_>>()
        );
    }
    e
}

#[test]
fn the_epoch_holds_while_nothing_changes_and_moves_on_every_change() {
    let (_tmp, root) = lib();
    let mut tree = Tree::new().unwrap();
    let Some(first) = watched(&mut tree, &root) else {
        return;
    };
    assert_eq!(epoch(&mut tree, &root), Some(first), "nothing changed");
    // Every folder is watched, hidden ones too.
    assert_eq!(tree.folders(), 4);
    let changes: Vec<Box<dyn Fn()>> = vec![
        Box::new(|| std::fs::write(root.join("a/x.toml"), "changed").unwrap()),
        Box::new(|| std::fs::write(root.join("a/b/new.toml"), "new").unwrap()),
        Box::new(|| std::fs::rename(root.join("a/b/new.toml"), root.join("a/b/n.toml")).unwrap()),
        Box::new(|| std::fs::remove_file(root.join("a/b/n.toml")).unwrap()),
        Box::new(|| {
            let f = std::fs::File::open(root.join("a/x.toml")).unwrap();
            f.set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(9))
                .unwrap();
        }),
        Box::new(|| std::fs::write(root.join(".hidden/y.toml"), "y").unwrap()),
        Box::new(|| std::fs::write(root.join("notes.txt"), "n").unwrap()),
    ];
    let mut last = first;
    for (i, change) in changes.iter().enumerate() {
        change();
        let now = epoch(&mut tree, &root).expect("still vouched");
        assert!(now > last, "change {i}: {now} after {last}");
        assert_eq!(
            epoch(&mut tree, &root),
            Some(now),
            "change {i} counted once"
        );
        last = now;
    }
}

#[test]
fn a_new_folder_is_watched_before_the_answer_so_its_first_file_counts() {
    let (_tmp, root) = lib();
    let mut tree = Tree::new().unwrap();
    let Some(first) = watched(&mut tree, &root) else {
        return;
    };
    // Made, with a folder inside, between two questions.
    std::fs::create_dir_all(root.join("new/inner")).unwrap();
    let e = epoch(&mut tree, &root).unwrap();
    assert!(e > first);
    assert_eq!(tree.folders(), 6, "both new folders watched");
    std::fs::write(root.join("new/inner/first.toml"), "f").unwrap();
    assert!(epoch(&mut tree, &root).unwrap() > e);
}

#[test]
fn a_moved_folder_or_a_lost_event_is_watched_afresh_with_a_new_epoch() {
    let (_tmp, root) = lib();
    let mut tree = Tree::new().unwrap();
    let Some(first) = watched(&mut tree, &root) else {
        return;
    };
    std::fs::rename(root.join("a"), root.join("c")).unwrap();
    let e = epoch(&mut tree, &root).unwrap();
    assert!(e > first);
    // The moved folder's own folder is known by its new path.
    std::fs::write(root.join("c/b/z.toml"), "z").unwrap();
    let e2 = epoch(&mut tree, &root).unwrap();
    assert!(e2 > e);
    tree.apply(-1, ReadFlags::QUEUE_OVERFLOW, None);
    assert!(matches!(tree.roots().next().unwrap().1, State::Stale));
    let e3 = epoch(&mut tree, &root).unwrap();
    assert!(e3 > e2, "never the same epoch after a lost event");
}

#[test]
fn a_root_removed_renamed_or_made_again_is_never_vouched_for_as_it_was() {
    let (tmp, root) = lib();
    let mut tree = Tree::new().unwrap();
    let Some(first) = watched(&mut tree, &root) else {
        return;
    };
    std::fs::rename(&root, tmp.path().join("elsewhere")).unwrap();
    assert_eq!(epoch(&mut tree, &root), None, "gone");
    std::fs::create_dir(&root).unwrap();
    let again = epoch(&mut tree, &root).expect("back: watched afresh");
    assert!(again > first);
    std::fs::remove_dir(&root).unwrap();
    assert_eq!(epoch(&mut tree, &root), None, "removed");
}

#[test]
fn what_cannot_be_watched_is_not_vouched_for() {
    let (_tmp, root) = lib();
    let mut tree = Tree::new().unwrap();
    if watched(&mut tree, &root).is_none() {
        return;
    }
    // Not absolute, inside a root, around one.
    assert_eq!(epoch(&mut tree, Path::new("lib")), None);
    assert_eq!(epoch(&mut tree, &root.join("a")), None);
    assert_eq!(epoch(&mut tree, root.parent().unwrap()), None);
    assert_eq!(epoch(&mut tree, &root.join("absent")), None);
    // A folder that cannot be read (as root every folder can: skipped).
    use std::os::unix::fs::PermissionsExt;
    let (_tmp2, other) = lib();
    std::fs::set_permissions(other.join("a"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(other.join("a")).is_err() {
        assert_eq!(epoch(&mut tree, &other), None);
        assert!(matches!(tree.roots().last().unwrap().1, State::Failed(..)));
    }
    std::fs::set_permissions(other.join("a"), std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn epochs_are_never_shared_between_roots_and_the_oldest_root_makes_way() {
    let mut tree = Tree::new().unwrap();
    let libs: Vec<_> = (0..MOST_ROOTS + 1).map(|_| lib()).collect();
    let mut seen = std::collections::HashSet::new();
    for (_, root) in &libs {
        let Some(e) = watched(&mut tree, root) else {
            return;
        };
        assert!(seen.insert(e), "{e} given twice");
    }
    assert_eq!(tree.roots().count(), MOST_ROOTS);
    assert!(
        tree.roots().all(|(p, _)| p != libs[0].1),
        "the oldest dropped"
    );
    assert_eq!(tree.folders(), 4 * MOST_ROOTS, "and its watches");
}

#[test]
fn a_root_of_too_many_folders_is_not_vouched_for_even_when_they_come_later() {
    let (_tmp, root) = lib();
    let mut tree = Tree::with_limit(5).unwrap();
    if watched(&mut tree, &root).is_none() {
        return;
    }
    std::fs::create_dir_all(root.join("c/d/e")).unwrap();
    assert_eq!(epoch(&mut tree, &root), None);
    let why = match tree.roots().next().unwrap().1 {
        State::Failed(_, why) => why.clone(),
        other => panic!("{other:?}"),
    };
    assert!(why.contains("more than 5 folders"), "{why}");
}

/// A folder above the root moved, and another made at the root's path:
/// no event under the root watched, yet never its epoch for the new one.
#[test]
fn a_root_whose_parent_is_moved_and_made_again_is_watched_afresh() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("p/lib/a")).unwrap();
    let root = tmp.path().join("p/lib").canonicalize().unwrap();
    let mut tree = Tree::new().unwrap();
    let Some(first) = watched(&mut tree, &root) else {
        return;
    };
    std::fs::rename(tmp.path().join("p"), tmp.path().join("q")).unwrap();
    std::fs::create_dir_all(root.join("b")).unwrap();
    let again = epoch(&mut tree, &root).expect("the new folder, watched");
    assert_ne!(again, first);
    assert_eq!(tree.folders(), 2, "the new lib and lib/b, not the old ones");
    // The old one's changes are no longer the root's.
    std::fs::write(tmp.path().join("q/lib/a/x.toml"), "x").unwrap();
    assert_eq!(epoch(&mut tree, &root), Some(again));
}

/// A file system mounted inside a root makes no event there: the mark on
/// /proc/self/mounts has the root watched afresh. (Where this user may not
/// mount, there is nothing to test.)
#[test]
fn a_mount_inside_a_root_is_never_vouched_for_with_the_old_epoch() {
    let (_tmp, root) = lib();
    let mut tree = Tree::new().unwrap();
    let Some(first) = watched(&mut tree, &root) else {
        return;
    };
    let sub = root.join("a/b");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "none"])
        .arg(&sub)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        println!("skipped: cannot mount here");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(sub.clone());
    assert_ne!(epoch(&mut tree, &root), Some(first));
}
