"""The encrypted store: SQLCipher 4 database owned by one thread, schema migrations, key management.

Modules (import them directly; this package imports nothing so `store.payments` and friends load
without cycles):

* `database`   - `Database.open(path, key, clock=, create=)`, `submit`/`call`/`transaction`/`close`
* `errors`     - `StoreError`, `StoreEnvironmentError` (+ `user_message`) and its subclasses, `StoreBug`
* `migrations` - `PRAGMA user_version` steps `_migrate_to_N`, `iso_utc`
* `keys`       - `open_store` (start-up decision tree), `KeyManager`, recovery file, scrypt parameters
* `audit`, `counters`, `orders_repo`, `settings_repo`, `staff_repo` - small repositories over plain values
"""
