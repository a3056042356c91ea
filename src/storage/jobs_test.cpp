// Idempotency keys and scheduled jobs on both engines: a key is unique across applications and
// finds its application; a due job run is claimed exactly once, also by two storages ("two
// instances") racing on one database.

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "storage/storage.h"
#include "storage/test_support.h"

namespace amtsweg::storage {
namespace {

using testing::Engine;
using testing::EngineName;
using testing::MakeApplication;
using testing::TestDatabase;

Result<void> SubmitAndWait(Storage& storage, NewApplication application) {
  std::promise<Result<void>> done;
  auto future = done.get_future();
  storage.SubmitAsync(std::move(application), [&done](Result<void> r) { done.set_value(std::move(r)); });
  return future.get();
}

class JobsTest : public testing::EngineTestBase {};

INSTANTIATE_TEST_SUITE_P(Engines, JobsTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

NewApplication Keyed(const std::string& reference, const std::string& key_hash) {
  NewApplication application = MakeApplication(reference);
  application.idempotency_key_hash = key_hash;
  application.request_hash = "req-" + key_hash;
  application.sealed_access_token = "sealed-" + reference;
  return application;
}

TEST_P(JobsTest, IdempotencyKeyIsUniqueAndFindsItsApplication) {
  auto storage = Migrated();
  ASSERT_TRUE(SubmitAndWait(*storage, Keyed("AW-1", "k1")));
  auto again = SubmitAndWait(*storage, Keyed("AW-2", "k1"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(storage->FindApplication("AW-2").value().has_value());
  // Applications without a key never collide with each other.
  ASSERT_TRUE(SubmitAndWait(*storage, MakeApplication("AW-3")));
  ASSERT_TRUE(SubmitAndWait(*storage, MakeApplication("AW-4")));

  auto found = storage->FindApplicationByIdempotencyKey("k1");
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->application.reference, "AW-1");
  EXPECT_EQ((*found)->application.request_hash, "req-k1");
  EXPECT_EQ((*found)->application.sealed_access_token, "sealed-AW-1");
  EXPECT_EQ((*found)->application.idempotency_key_hash, "k1");
  EXPECT_FALSE(storage->FindApplicationByIdempotencyKey("k2").value().has_value());
  EXPECT_EQ(storage->FindApplication("AW-3").value()->application.idempotency_key_hash, std::nullopt);
}

TEST_P(JobsTest, PurgeDeletesOnlyOldSandboxApplicationsOncePerRun) {
  auto storage = Migrated();
  NewApplication old_sandbox = MakeApplication("AW-OLD-SANDBOX");
  old_sandbox.submitted_at = "2026-11-28T10:00:00Z";
  NewApplication old_production = MakeApplication("AW-OLD-PRODUCTION");
  old_production.submitted_at = "2026-11-28T10:00:00Z";
  old_production.sandbox = false;
  NewApplication new_sandbox = MakeApplication("AW-NEW-SANDBOX");
  new_sandbox.submitted_at = "2026-11-30T09:00:00Z";
  for (const auto& a : {old_sandbox, old_production, new_sandbox}) ASSERT_TRUE(SubmitAndWait(*storage, a));

  JobClaim claim{"purge-sandbox", "2026-11-30T10:00:00Z", "2026-11-30T10:05:00Z", "test:1"};
  auto first = storage->PurgeSandbox(claim, "2026-11-29T10:00:00Z");
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ(**first, 1);
  EXPECT_FALSE(storage->FindApplication("AW-OLD-SANDBOX").value().has_value());
  EXPECT_TRUE(storage->FindApplication("AW-OLD-PRODUCTION").value().has_value());
  EXPECT_TRUE(storage->FindApplication("AW-NEW-SANDBOX").value().has_value());

  // Not due again before next_run_at.
  claim.now = "2026-11-30T10:04:59Z";
  EXPECT_EQ(storage->PurgeSandbox(claim, "2026-11-30T10:00:00Z").value(), std::nullopt);
  EXPECT_TRUE(storage->FindApplication("AW-NEW-SANDBOX").value().has_value());
  // Due at next_run_at.
  claim.now = "2026-11-30T10:05:00Z";
  claim.next_run_at = "2026-11-30T10:10:00Z";
  EXPECT_EQ(storage->PurgeSandbox(claim, "2026-11-30T10:00:00Z").value(), std::optional<std::int64_t>(1));
}

TEST_P(JobsTest, TwoInstancesRacingClaimEachRunExactlyOnce) {
  auto a = Migrated();
  auto b = database_.Open().value();
  constexpr int kSlots = 40;
  std::atomic<int> runs_a{0}, runs_b{0}, errors{0};
  auto race = [&](Storage& storage, std::atomic<int>& runs, const char* instance) {
    for (int slot = 0; slot < kSlots; ++slot) {
      char now[32], next[32];
      std::snprintf(now, sizeof now, "2026-11-30T10:%02d:00Z", slot);
      std::snprintf(next, sizeof next, "2026-11-30T10:%02d:00Z", slot + 1);
      // Each instance tries every slot twice, as a scheduler polling faster than the period does.
      for (int attempt = 0; attempt < 2; ++attempt) {
        auto outcome = storage.PurgeSandbox({"purge-sandbox", now, next, instance}, "2026-01-01T00:00:00Z");
        if (!outcome) {
          errors.fetch_add(1);
          ADD_FAILURE() << outcome.error().message;
        } else if (outcome->has_value()) {
          runs.fetch_add(1);
        }
      }
    }
  };
  std::thread ta([&] { race(*a, runs_a, "a:1"); });
  std::thread tb([&] { race(*b, runs_b, "b:2"); });
  ta.join();
  tb.join();
  EXPECT_EQ(errors.load(), 0);
  // Slot 0 is due at once; every later slot becomes due exactly when the previous run set
  // next_run_at to it, so each of the kSlots slots ran exactly once in all.
  EXPECT_EQ(runs_a.load() + runs_b.load(), kSlots);
}

}  // namespace
}  // namespace amtsweg::storage
