#pragma once
// A fixed set of database connections shared by threads: Acquire blocks until one is free and
// returns a lease that gives it back when it goes out of scope. Used by both engines
// (sqlite::ReaderPool, pg::Pool).
//
//   Pool<Connection> pool(std::move(connections));
//   { auto connection = pool.Acquire(); connection->Query(...); }   // returned here

#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace amtsweg::storage {

template <typename Connection>
class Pool final {
 public:
  class Lease final {
   public:
    Lease(Pool* pool, Connection* connection) : pool_(pool), connection_(connection) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)),
          connection_(std::exchange(other.connection_, nullptr)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->Release(connection_);
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_; }

   private:
    Pool* pool_;
    Connection* connection_;
  };

  explicit Pool(std::vector<std::unique_ptr<Connection>> connections) : connections_(std::move(connections)) {
    for (auto& connection : connections_) idle_.push_back(connection.get());
  }

  Lease Acquire() {
    std::unique_lock lock(mutex_);
    released_.wait(lock, [this] { return !idle_.empty(); });
    Connection* connection = idle_.back();
    idle_.pop_back();
    return Lease(this, connection);
  }

 private:
  void Release(Connection* connection) {
    {
      std::lock_guard lock(mutex_);
      idle_.push_back(connection);
    }
    released_.notify_one();
  }

  std::vector<std::unique_ptr<Connection>> connections_;  // fixed after construction
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<Connection*> idle_;  // GUARDED_BY(mutex_): connections not leased out
};

}  // namespace amtsweg::storage
