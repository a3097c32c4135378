//! The committed JSON Schema is the one the model generates, and it describes real profiles.

#[test]
fn committed_schema_is_current() {
    let committed = include_str!("../../../schema/profile.schema.json");
    let generated = pmatlas_core::json::schema();
    assert!(
        committed == generated,
        "schema/profile.schema.json is stale: run `cargo run -p pmatlas -- schema > schema/profile.schema.json`"
    );
}

#[test]
fn schema_names_every_field_of_a_profile() {
    let schema: serde_json::Value = serde_json::from_str(&pmatlas_core::json::schema()).unwrap();
    let props = schema["properties"].as_object().unwrap();
    let p = pmatlas_core::parse(include_str!("../../../data/demo/DEG-thuringia.txt")).unwrap().profile;
    let json = serde_json::to_value(&p).unwrap();
    for key in json.as_object().unwrap().keys() {
        assert!(props.contains_key(key), "field {key} missing from the schema");
    }
    assert_eq!(props.len(), json.as_object().unwrap().len());
    assert_eq!(schema["$defs"]["NutsCode"]["pattern"], "^[A-Z]{2}[A-Z0-9]{0,3}$");
    let networks = schema["$defs"]["NetworkId"]["enum"].as_array().unwrap();
    assert_eq!(networks.len(), 21);
    assert_eq!(schema["$defs"]["Rating"]["enum"].as_array().map(|a| a.len()), Some(5));
}
