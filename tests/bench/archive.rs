//! A deterministic archive of generated articles, for the scale benchmark.

use folio::library::Bytes;

/// Writes a deterministic archive of `count` plain-text articles under `dir`,
/// a thousand to a folder, made from the samples' paragraphs: each article has
/// its own date and title and eight paragraphs chosen by a fixed sequence, and
/// one article in a thousand holds the rare word `kestrelite`. About 4 KB each,
/// the size of a news story.
pub fn write_archive(dir: &std::path::Path, count: usize) -> std::io::Result<()> {
    let mut paragraphs = Vec::new();
    for (_, bytes) in folio::samples::articles() {
        if let Bytes::Static(bytes) = bytes {
            let text = String::from_utf8_lossy(bytes);
            paragraphs.extend(
                text.split("\n\n")
                    .skip(3)
                    .filter(|p| p.len() > 200 && !p.contains('<') && !p.contains('{'))
                    .map(str::to_owned),
            );
        }
    }
    // A linear congruential sequence: the same archive on every machine.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |below: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) as usize % below
    };
    for i in 0..count {
        let folder = dir.join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&folder)?;
        let (year, month, day) = (2000 + i % 25, 1 + i / 28 % 12, 1 + i % 28);
        let mut text = format!(
            "{day} {} {year}\n\nReport number {i} from the coast\n\n",
            MONTHS[month - 1]
        );
        for _ in 0..8 {
            text.push_str(&paragraphs[next(paragraphs.len())]);
            text.push_str("\n\n");
        }
        if i % 1000 == 7 {
            text.push_str("Divers found kestrelite in the wreck.\n");
        }
        std::fs::write(folder.join(format!("{i:06}.txt")), text)?;
    }
    Ok(())
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
