/// The names Go's regexp accepts in `\p{…}` and `[[:…:]]`, and what they mean as ICU sets.
enum RE2Names {
    /// Unicode general categories Go knows (`\p{L}`, `\pN`, `\p{Lu}`…).
    static let categories: Set<String> = [
        "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
        "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    ]

    /// Unicode scripts of Go 1.21 and later (Unicode 15.0), which current Consul is built with.
    static let scripts: Set<String> = [
        "Adlam", "Ahom", "Anatolian_Hieroglyphs", "Arabic", "Armenian", "Avestan", "Balinese", "Bamum", "Bassa_Vah",
        "Batak", "Bengali", "Bhaiksuki", "Bopomofo", "Brahmi", "Braille", "Buginese", "Buhid", "Canadian_Aboriginal",
        "Carian", "Caucasian_Albanian", "Chakma", "Cham", "Cherokee", "Chorasmian", "Common", "Coptic", "Cuneiform",
        "Cypriot", "Cypro_Minoan", "Cyrillic", "Deseret", "Devanagari", "Dives_Akuru", "Dogra", "Duployan",
        "Egyptian_Hieroglyphs", "Elbasan", "Elymaic", "Ethiopic", "Georgian", "Glagolitic", "Gothic", "Grantha", "Greek",
        "Gujarati", "Gunjala_Gondi", "Gurmukhi", "Han", "Hangul", "Hanifi_Rohingya", "Hanunoo", "Hatran", "Hebrew",
        "Hiragana", "Imperial_Aramaic", "Inherited", "Inscriptional_Pahlavi", "Inscriptional_Parthian", "Javanese",
        "Kaithi", "Kannada", "Katakana", "Kawi", "Kayah_Li", "Kharoshthi", "Khitan_Small_Script", "Khmer", "Khojki",
        "Khudawadi", "Lao", "Latin", "Lepcha", "Limbu", "Linear_A", "Linear_B", "Lisu", "Lycian", "Lydian", "Mahajani",
        "Makasar", "Malayalam", "Mandaic", "Manichaean", "Marchen", "Masaram_Gondi", "Medefaidrin", "Meetei_Mayek",
        "Mende_Kikakui", "Meroitic_Cursive", "Meroitic_Hieroglyphs", "Miao", "Modi", "Mongolian", "Mro", "Multani",
        "Myanmar", "Nabataean", "Nag_Mundari", "Nandinagari", "New_Tai_Lue", "Newa", "Nko", "Nushu",
        "Nyiakeng_Puachue_Hmong", "Ogham", "Ol_Chiki", "Old_Hungarian", "Old_Italic", "Old_North_Arabian", "Old_Permic",
        "Old_Persian", "Old_Sogdian", "Old_South_Arabian", "Old_Turkic", "Old_Uyghur", "Oriya", "Osage", "Osmanya",
        "Pahawh_Hmong", "Palmyrene", "Pau_Cin_Hau", "Phags_Pa", "Phoenician", "Psalter_Pahlavi", "Rejang", "Runic",
        "Samaritan", "Saurashtra", "Sharada", "Shavian", "Siddham", "SignWriting", "Sinhala", "Sogdian", "Sora_Sompeng",
        "Soyombo", "Sundanese", "Syloti_Nagri", "Syriac", "Tagalog", "Tagbanwa", "Tai_Le", "Tai_Tham", "Tai_Viet",
        "Takri", "Tamil", "Tangsa", "Tangut", "Telugu", "Thaana", "Thai", "Tibetan", "Tifinagh", "Tirhuta", "Toto",
        "Ugaritic", "Vai", "Vithkuqi", "Wancho", "Warang_Citi", "Yezidi", "Yi", "Zanabazar_Square",
    ]

    /// The ICU set for a Unicode class name Go accepts, or nil. Go's `C` has no unassigned
    /// code points (ICU's does), so it is spelled out.
    static func unicodeSet(_ name: String) -> String? {
        if name == "Any" { return "[\\x{0}-\\x{10FFFF}]" }
        if name == "C" { return "[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}]" }
        if categories.contains(name) { return "\\p{gc=\(name)}" }
        if scripts.contains(name) { return "\\p{sc=\(name)}" }
        return nil
    }

    /// ASCII ranges of the POSIX classes (`[[:alpha:]]`) and Perl classes (`\d`), as in Go.
    static let posix: [String: [ClosedRange<UInt32>]] = [
        "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A], "alpha": [0x41...0x5A, 0x61...0x7A], "ascii": [0x00...0x7F],
        "blank": [0x09...0x09, 0x20...0x20], "cntrl": [0x00...0x1F, 0x7F...0x7F], "digit": [0x30...0x39],
        "graph": [0x21...0x7E], "lower": [0x61...0x7A], "print": [0x20...0x7E],
        "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E],
        "space": [0x09...0x0D, 0x20...0x20], "upper": [0x41...0x5A], "word": [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A],
        "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66],
    ]

    static let perl: [UInt8: (ranges: [ClosedRange<UInt32>], negated: Bool)] = [
        UInt8(ascii: "d"): (posix["digit"]!, false), UInt8(ascii: "D"): (posix["digit"]!, true),
        UInt8(ascii: "s"): ([0x09...0x0A, 0x0C...0x0D, 0x20...0x20], false),
        UInt8(ascii: "S"): ([0x09...0x0A, 0x0C...0x0D, 0x20...0x20], true),
        UInt8(ascii: "w"): (posix["word"]!, false), UInt8(ascii: "W"): (posix["word"]!, true),
    ]

    /// `[…]` of explicit code-point ranges, optionally negated.
    static func set(_ ranges: [ClosedRange<UInt32>], negated: Bool) -> String {
        "[" + (negated ? "^" : "") + ranges.map(range).joined() + "]"
    }

    static func range(_ r: ClosedRange<UInt32>) -> String {
        r.lowerBound == r.upperBound ? codePoint(r.lowerBound) : codePoint(r.lowerBound) + "-" + codePoint(r.upperBound)
    }

    static func codePoint(_ value: UInt32) -> String { "\\x{" + String(value, radix: 16) + "}" }
}
