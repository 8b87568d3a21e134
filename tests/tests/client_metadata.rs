//! The `sigil` client compiles against `client/metadata.scale` instead of linking the runtime. This test fails when
//! that file is not the runtime's metadata, so that a runtime change cannot leave the client talking an old
//! interface; `scripts/client-metadata` writes it again.

use std::path::Path;

/// The metadata version the client is generated from: the first with runtime APIs.
const VERSION: u32 = 15;

#[test]
fn the_clients_metadata_is_the_runtimes() {
	let metadata = sigil_runtime::Runtime::metadata_at_version(VERSION).expect("the runtime serves metadata v15");
	let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../client/metadata.scale");
	if std::env::var_os("SIGIL_WRITE_CLIENT_METADATA").is_some() {
		std::fs::write(&path, &*metadata).expect("client/metadata.scale is writable");
		return;
	}
	let committed = std::fs::read(&path).unwrap_or_default();
	assert!(
		committed == *metadata,
		"{} is not the runtime's metadata v{VERSION} ({} bytes committed, {} bytes now): run scripts/client-metadata",
		path.display(),
		committed.len(),
		metadata.len()
	);
}
