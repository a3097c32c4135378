//! Text that passes for other text: invisible format characters are dropped from every value
//! (with a warning on import), and a name mixing scripts within a word is warned about.

use pmatlas_core::text::{is_invisible_format, mixed_script_word};
use pmatlas_core::{parse, Text};

#[test]
fn invisible_format_characters_are_dropped() {
    let t = Text::new("Thu\u{ad}rin\u{2060}gia\u{e0041}\u{200d}").unwrap();
    assert_eq!(t.as_str(), "Thuringia");
    assert!(t.as_str().chars().all(|c| !is_invisible_format(c)));
    let p =
        parse("DEG - Thu\u{ad}ringia\n\nRegional Innovation Performance (2019) Strong\n\nImage attribution - CC BY\n")
            .unwrap();
    assert_eq!(p.profile.name.as_str(), "Thuringia");
    assert!(p.warnings.iter().any(|w| w.line == 1 && w.message.starts_with("invisible characters removed")));
}

#[test]
fn a_word_in_two_scripts_is_a_look_alike() {
    assert_eq!(mixed_script_word("\u{422}huringia"), Some("\u{422}huringia"), "a Cyrillic Т");
    for fine in ["Thüringen", "Ελλάδα Greece", "Região Autónoma da Madeira", "Śląskie", "Île-de-France"] {
        assert_eq!(mixed_script_word(fine), None, "{fine}");
    }
    let p = parse("DEG - \u{422}huringia\n\nImage attribution - CC BY\n").unwrap();
    assert!(p.warnings.iter().any(|w| w.message.contains("mixes letters of different scripts")), "{:?}", p.warnings);
}
