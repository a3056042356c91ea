#pragma once
// Demo seed data: real municipalities with their offices, standard processes and variants,
// compiled into the binary from seed/ (see docs/seed-data.md). Seeding is an idempotent
// upsert, so `amtsweg demo` can run again on the same database.

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "storage/storage.h"

namespace amtsweg::catalog {

// (path relative to seed/, content) of every embedded seed file; generated at build time.
std::span<const std::pair<std::string_view, std::string_view>> SeedFiles();

struct SeedSummary {
  int municipalities = 0;
  int offices = 0;
  int processes = 0;
  int variants = 0;
  int offerings = 0;
};

// Writes the embedded seed data into storage. Errors name the seed file.
// (registry.yaml, the transparency registry's demo entries, is seeded last by SeedRegistry.)
[[nodiscard]] tl::expected<SeedSummary, std::vector<std::string>> Seed(storage::Storage& storage);

// Seeds registry entries (the format of seed/registry.yaml, docs/seed-data.md) on top of the
// municipalities, offers and processes already in storage. Every leika must be in the OZG
// catalogue, every ags a municipality, every status one of geplant / in_entwicklung / im_test /
// live; the error says which entry is wrong.
[[nodiscard]] tl::expected<void, std::string> SeedRegistry(std::string_view yaml, storage::Storage& storage);

}  // namespace amtsweg::catalog
