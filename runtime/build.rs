fn main() {
	#[cfg(feature = "std")]
	{
		// The wasm embeds source paths (in panic locations); map the checkout's path to a fixed one so that the
		// same sources give the same wasm, and the same genesis, wherever the repository is cloned.
		if let Some(workspace) = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent() {
			let mut flags = std::env::var("WASM_BUILD_RUSTFLAGS").unwrap_or_default();
			flags.push_str(&format!(" --remap-path-prefix={}=/sigil", workspace.display()));
			std::env::set_var("WASM_BUILD_RUSTFLAGS", flags.trim());
		}
	}

	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	substrate_wasm_builder::WasmBuilder::init_with_defaults().enable_metadata_hash("SGL", 12).build();

	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();

	// The same runtime one spec version higher, for the end-to-end test of a runtime upgrade (`next_spec_version`).
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_feature("next-spec-version")
		.set_file_name("wasm_binary_next_spec_version.rs")
		.build();
}
