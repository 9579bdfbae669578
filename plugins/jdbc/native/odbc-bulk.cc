// A unixODBC connection for the sink's write path: one statement prepared once and executed over
// column-wise arrays of parameters (SQL_ATTR_PARAMSET_SIZE) with a status per row, or once with
// every cell of the arrays as a parameter of its own (a multi-row VALUES), plus the transaction
// calls. Every ODBC call of a connection runs on that connection's own thread, not on
// libuv's pool: the Kafka client's consume calls hold pool threads for up to their poll timeout,
// and with Node's four pool threads a write queued behind them waits (see docs/jdbc-sink.md).
// Results come back to JavaScript through a thread-safe function, so the event loop never blocks.
#include <napi.h>
#include <sql.h>
#include <sqlext.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Diagnostic {
  std::string state;
  SQLINTEGER code = 0;
  std::string message;
  SQLLEN row = -1;  // 1-based parameter set the record is about, -1 when the driver does not say
};

std::vector<Diagnostic> Diagnostics(SQLSMALLINT type, SQLHANDLE handle) {
  std::vector<Diagnostic> out;
  for (SQLSMALLINT i = 1; i <= 32; i++) {
    SQLCHAR state[6] = {0};
    SQLCHAR text[1024] = {0};
    SQLINTEGER native = 0;
    SQLSMALLINT length = 0;
    SQLRETURN rc = SQLGetDiagRec(type, handle, i, state, &native, text, sizeof text, &length);
    if (!SQL_SUCCEEDED(rc)) break;
    Diagnostic d;
    d.state = reinterpret_cast<char*>(state);
    d.code = native;
    d.message = reinterpret_cast<char*>(text);
    if (type == SQL_HANDLE_STMT) {
      SQLLEN row = 0;
      if (SQL_SUCCEEDED(SQLGetDiagField(type, handle, i, SQL_DIAG_ROW_NUMBER, &row, 0, nullptr)) && row > 0) d.row = row;
    }
    out.push_back(std::move(d));
  }
  return out;
}

Napi::Array DiagnosticsToJs(Napi::Env env, const std::vector<Diagnostic>& diagnostics) {
  Napi::Array array = Napi::Array::New(env, diagnostics.size());
  for (size_t i = 0; i < diagnostics.size(); i++) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("state", diagnostics[i].state);
    o.Set("code", diagnostics[i].code);
    o.Set("message", diagnostics[i].message);
    o.Set("row", static_cast<double>(diagnostics[i].row));
    array.Set(i, o);
  }
  return array;
}

Napi::Error OdbcError(Napi::Env env, const std::string& what, const std::vector<Diagnostic>& diagnostics) {
  std::string message = what;
  for (const auto& d : diagnostics) message += " [" + d.state + "] " + d.message;
  Napi::Error error = Napi::Error::New(env, message);
  // the shape toDatabaseError reads from the odbc package's errors
  error.Value().Set("odbcErrors", DiagnosticsToJs(env, diagnostics));
  return error;
}

class Connection;

// One call, run on the connection's thread, settled on the JavaScript thread.
struct Job {
  explicit Job(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}
  virtual ~Job() = default;
  virtual void Run(Connection& connection) = 0;
  virtual Napi::Value Result(Napi::Env env) { return env.Undefined(); }
  Napi::Promise::Deferred deferred;
  bool failed = false;
  bool closes = false;  // the connection's last call: its thread ends once it is settled
  std::string what;
  std::vector<Diagnostic> diagnostics;
};

class Connection : public Napi::ObjectWrap<Connection> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "OdbcBulkConnection", {
      InstanceMethod("connect", &Connection::Connect),
      InstanceMethod("execute", &Connection::Execute),
      InstanceMethod("setAutoCommit", &Connection::SetAutoCommit),
      InstanceMethod("endTransaction", &Connection::EndTransaction),
      InstanceMethod("close", &Connection::Close),
    });
  }

  explicit Connection(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Connection>(info) {
    Napi::Env env = info.Env();
    settle_ = Napi::ThreadSafeFunction::New(env, Napi::Function::New(env, [](const Napi::CallbackInfo&) {}), "odbc-bulk", 0, 1);
    settle_.Unref(env);
    thread_ = std::thread([this] { Loop(); });
  }

  // Reached only with no call pending (a pending call keeps the object alive). The thread-safe
  // function is left to the environment: at exit it may already be finalized.
  ~Connection() override {
    StopThread();
    FreeHandles();
  }

  SQLHENV environment = SQL_NULL_HENV;
  SQLHDBC dbc = SQL_NULL_HDBC;

  // Multi-row statements stay prepared, most recently used last: a chunk size's statement text
  // repeats batch after batch, and re-preparing it makes psqlODBC parse it on the server again.
  std::vector<std::pair<std::u16string, SQLHSTMT>> prepared;
  static constexpr size_t kPreparedStatements = 16;

  // Removes the statement prepared for `sql` from the cache and returns it, or SQL_NULL_HSTMT.
  SQLHSTMT TakePrepared(const std::u16string& sql) {
    for (auto it = prepared.begin(); it != prepared.end(); ++it) {
      if (it->first == sql) {
        SQLHSTMT stmt = it->second;
        prepared.erase(it);
        return stmt;
      }
    }
    return SQL_NULL_HSTMT;
  }

  void KeepPrepared(const std::u16string& sql, SQLHSTMT stmt) {
    if (prepared.size() >= kPreparedStatements) {
      SQLFreeHandle(SQL_HANDLE_STMT, prepared.front().second);
      prepared.erase(prepared.begin());
    }
    prepared.emplace_back(sql, stmt);
  }

  void FreeHandles() {
    for (auto& entry : prepared) SQLFreeHandle(SQL_HANDLE_STMT, entry.second);
    prepared.clear();
    if (dbc != SQL_NULL_HDBC) {
      SQLDisconnect(dbc);
      SQLFreeHandle(SQL_HANDLE_DBC, dbc);
      dbc = SQL_NULL_HDBC;
    }
    if (environment != SQL_NULL_HENV) {
      SQLFreeHandle(SQL_HANDLE_ENV, environment);
      environment = SQL_NULL_HENV;
    }
  }

 private:
  Napi::Value Submit(Napi::Env env, Job* job) {
    Napi::Promise promise = job->deferred.Promise();
    if (stopped_) {
      job->deferred.Reject(Napi::Error::New(env, "The ODBC bulk connection is closed").Value());
      delete job;
      return promise;
    }
    if (pending_++ == 0) {
      settle_.Ref(env);
      Ref();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(job);
    }
    wake_.notify_one();
    return promise;
  }

  void Loop() {
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = queue_.front();
        queue_.pop_front();
      }
      job->Run(*this);
      settle_.BlockingCall(job, [this](Napi::Env env, Napi::Function, Job* done) { Settle(env, done); });
    }
  }

  void Settle(Napi::Env env, Job* job) {
    if (job->failed) {
      job->deferred.Reject(OdbcError(env, job->what, job->diagnostics).Value());
    } else {
      job->deferred.Resolve(job->Result(env));
    }
    bool closed = job->closes;
    delete job;
    if (closed) {
      StopThread();
      settle_.Release();
    }
    if (--pending_ == 0) {
      if (!closed) settle_.Unref(env);
      Unref();
    }
  }

  void StopThread() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  Napi::Value Connect(const Napi::CallbackInfo& info);
  Napi::Value Execute(const Napi::CallbackInfo& info);
  Napi::Value SetAutoCommit(const Napi::CallbackInfo& info);
  Napi::Value EndTransaction(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  Napi::ThreadSafeFunction settle_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  bool stopped_ = false;
  int pending_ = 0;
};

// Text goes to the driver manager as UTF-16 (the W functions), so names and passwords outside
// ASCII reach a Unicode driver unchanged whatever the process locale.
struct ConnectJob : Job {
  ConnectJob(Napi::Env env, std::u16string text) : Job(env), connectionString(std::move(text)) {}
  std::u16string connectionString;
  void Run(Connection& c) override {
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &c.environment))) {
      failed = true;
      what = "Cannot allocate an ODBC environment";
      return;
    }
    SQLSetEnvAttr(c.environment, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0);
    SQLAllocHandle(SQL_HANDLE_DBC, c.environment, &c.dbc);
    SQLSetConnectAttr(c.dbc, SQL_ATTR_LOGIN_TIMEOUT, reinterpret_cast<SQLPOINTER>(30), 0);
    SQLRETURN rc = SQLDriverConnectW(c.dbc, nullptr, (SQLWCHAR*)connectionString.c_str(), SQL_NTS, nullptr, 0, nullptr, SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc)) {
      failed = true;
      what = "Cannot open the ODBC connection:";
      diagnostics = Diagnostics(SQL_HANDLE_DBC, c.dbc);
      c.FreeHandles();
      return;
    }
    driverName = Info(c.dbc, SQL_DRIVER_NAME);
    dbmsName = Info(c.dbc, SQL_DBMS_NAME);
  }

  // Resolves with the driver's file name and the DBMS name: the caller picks how to write by them.
  Napi::Value Result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("driverName", driverName);
    result.Set("dbmsName", dbmsName);
    return result;
  }

 private:
  static std::string Info(SQLHDBC dbc, SQLUSMALLINT type) {
    SQLCHAR text[256] = {0};
    SQLSMALLINT length = 0;
    if (!SQL_SUCCEEDED(SQLGetInfo(dbc, type, text, sizeof text, &length))) return "";
    return reinterpret_cast<char*>(text);
  }
  std::string driverName;
  std::string dbmsName;
};

// One parameter column as JavaScript laid it out: `width` bytes per row in `data`, a length or
// SQL_NULL_DATA per row in `lengths`.
struct Column {
  SQLSMALLINT cType;
  SQLSMALLINT sqlType;
  SQLULEN size;
  SQLSMALLINT digits;
  SQLLEN width;
  char* data;
  SQLLEN* lengths;
};

struct ExecuteJob : Job {
  ExecuteJob(Napi::Env env, std::u16string statement, Napi::Array keep) : Job(env), sql(std::move(statement)) {
    buffers = Napi::Persistent(keep.As<Napi::Object>());
  }
  std::u16string sql;
  SQLULEN rows = 0;
  // One execution whose parameters are the cells row by row (r * columns + i), as a multi-row
  // VALUES statement takes them, instead of an array of `rows` parameter sets.
  bool cellsAsParameters = false;
  std::vector<Column> columns;
  Napi::ObjectReference buffers;  // keeps the columns' memory alive until the job is settled
  std::vector<SQLUSMALLINT> status;
  std::vector<SQLLEN> counts;
  SQLRETURN rc = SQL_SUCCESS;

  void Run(Connection& c) override {
    SQLHSTMT stmt = cellsAsParameters ? c.TakePrepared(sql) : SQL_NULL_HSTMT;
    const bool reused = stmt != SQL_NULL_HSTMT;
    if (!reused && !SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, c.dbc, &stmt))) {
      failed = true;
      what = "Cannot allocate an ODBC statement:";
      diagnostics = Diagnostics(SQL_HANDLE_DBC, c.dbc);
      return;
    }
    const SQLULEN sets = cellsAsParameters ? 1 : rows;
    status.assign(sets, SQL_PARAM_UNUSED);
    SQLULEN processed = 0;
    rc = reused ? SQLFreeStmt(stmt, SQL_RESET_PARAMS) : SQLPrepareW(stmt, (SQLWCHAR*)sql.c_str(), SQL_NTS);
    if (SQL_SUCCEEDED(rc)) rc = SQLSetStmtAttr(stmt, SQL_ATTR_PARAM_BIND_TYPE, reinterpret_cast<SQLPOINTER>(SQL_PARAM_BIND_BY_COLUMN), 0);
    if (SQL_SUCCEEDED(rc)) rc = SQLSetStmtAttr(stmt, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(sets), 0);
    if (SQL_SUCCEEDED(rc)) rc = SQLSetStmtAttr(stmt, SQL_ATTR_PARAM_STATUS_PTR, status.data(), 0);
    if (SQL_SUCCEEDED(rc)) rc = SQLSetStmtAttr(stmt, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
    const SQLULEN cellRows = cellsAsParameters ? rows : 1;
    for (SQLULEN r = 0; SQL_SUCCEEDED(rc) && r < cellRows; r++) {
      for (size_t i = 0; SQL_SUCCEEDED(rc) && i < columns.size(); i++) {
        const Column& col = columns[i];
        const SQLULEN number = r * columns.size() + i + 1;
        if (number > 65535) {
          failed = true;
          what = "More than 65,535 parameters in one ODBC statement";
          SQLFreeHandle(SQL_HANDLE_STMT, stmt);
          return;
        }
        rc = SQLBindParameter(stmt, static_cast<SQLUSMALLINT>(number), SQL_PARAM_INPUT, col.cType, col.sqlType, col.size,
                              col.digits, col.data + r * col.width, col.width, col.lengths + r);
      }
    }
    if (!SQL_SUCCEEDED(rc)) {
      failed = true;
      what = "Cannot prepare the ODBC statement:";
      diagnostics = Diagnostics(SQL_HANDLE_STMT, stmt);
      SQLFreeHandle(SQL_HANDLE_STMT, stmt);
      return;
    }
    rc = SQLExecute(stmt);
    if (rc == SQL_ERROR || rc == SQL_SUCCESS_WITH_INFO) diagnostics = Diagnostics(SQL_HANDLE_STMT, stmt);
    if (rc != SQL_ERROR && rc != SQL_INVALID_HANDLE) {
      // one count per parameter set where the driver gives them as separate results, else one total
      SQLRETURN more = SQL_SUCCESS;
      while (more == SQL_SUCCESS || more == SQL_SUCCESS_WITH_INFO) {
        SQLLEN n = 0;
        if (rc != SQL_NO_DATA) SQLRowCount(stmt, &n);
        counts.push_back(n < 0 ? 0 : n);
        more = SQLMoreResults(stmt);
        if (more == SQL_ERROR) {
          auto extra = Diagnostics(SQL_HANDLE_STMT, stmt);
          diagnostics.insert(diagnostics.end(), extra.begin(), extra.end());
          rc = SQL_ERROR;
        }
      }
    }
    // a driver that stops at the first failing set leaves the rest SQL_PARAM_UNUSED
    if (processed < sets) {
      for (SQLULEN r = processed; r < sets; r++) if (status[r] != SQL_PARAM_ERROR) status[r] = SQL_PARAM_UNUSED;
    }
    // a statement that failed is not kept: the failure may have been the connection's or the plan's
    if (cellsAsParameters && rc != SQL_ERROR && rc != SQL_INVALID_HANDLE && SQL_SUCCEEDED(SQLFreeStmt(stmt, SQL_CLOSE))) {
      c.KeepPrepared(sql, stmt);
    } else {
      SQLFreeHandle(SQL_HANDLE_STMT, stmt);
    }
  }

  Napi::Value Result(Napi::Env env) override {
    buffers.Reset();
    Napi::Object result = Napi::Object::New(env);
    result.Set("ok", rc != SQL_ERROR && rc != SQL_INVALID_HANDLE);
    Napi::Uint8Array rowStatus = Napi::Uint8Array::New(env, status.size());
    for (size_t i = 0; i < status.size(); i++) rowStatus[i] = static_cast<uint8_t>(status[i]);
    result.Set("status", rowStatus);
    Napi::Array rowCounts = Napi::Array::New(env, counts.size());
    for (size_t i = 0; i < counts.size(); i++) rowCounts.Set(i, static_cast<double>(counts[i]));
    result.Set("counts", rowCounts);
    result.Set("diagnostics", DiagnosticsToJs(env, diagnostics));
    return result;
  }
};

struct ConnectionAttributeJob : Job {
  ConnectionAttributeJob(Napi::Env env, bool on) : Job(env), autoCommit(on) {}
  bool autoCommit;
  void Run(Connection& c) override {
    SQLPOINTER value = reinterpret_cast<SQLPOINTER>(autoCommit ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF);
    if (!SQL_SUCCEEDED(SQLSetConnectAttr(c.dbc, SQL_ATTR_AUTOCOMMIT, value, SQL_IS_UINTEGER))) {
      failed = true;
      what = "Cannot set autocommit:";
      diagnostics = Diagnostics(SQL_HANDLE_DBC, c.dbc);
    }
  }
};

struct EndTransactionJob : Job {
  EndTransactionJob(Napi::Env env, bool commit) : Job(env), commit(commit) {}
  bool commit;
  void Run(Connection& c) override {
    if (!SQL_SUCCEEDED(SQLEndTran(SQL_HANDLE_DBC, c.dbc, commit ? SQL_COMMIT : SQL_ROLLBACK))) {
      failed = true;
      what = commit ? "Commit failed:" : "Rollback failed:";
      diagnostics = Diagnostics(SQL_HANDLE_DBC, c.dbc);
    }
  }
};

struct CloseJob : Job {
  explicit CloseJob(Napi::Env env) : Job(env) { closes = true; }
  void Run(Connection& c) override { c.FreeHandles(); }
};

Napi::Value Connection::Connect(const Napi::CallbackInfo& info) {
  return Submit(info.Env(), new ConnectJob(info.Env(), info[0].As<Napi::String>().Utf16Value()));
}

// execute(sql, rows, columns, cellsAsParameters): columns are {cType, sqlType, size, digits, width,
// data: Buffer, lengths: BigInt64Array}; cellsAsParameters binds every cell as a parameter of one execution.
Napi::Value Connection::Execute(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array specs = info[2].As<Napi::Array>();
  auto* job = new ExecuteJob(env, info[0].As<Napi::String>().Utf16Value(), specs);
  job->rows = static_cast<SQLULEN>(info[1].As<Napi::Number>().Int64Value());
  job->cellsAsParameters = info.Length() > 3 && info[3].ToBoolean().Value();
  for (uint32_t i = 0; i < specs.Length(); i++) {
    Napi::Object spec = specs.Get(i).As<Napi::Object>();
    Column col;
    col.cType = static_cast<SQLSMALLINT>(spec.Get("cType").As<Napi::Number>().Int32Value());
    col.sqlType = static_cast<SQLSMALLINT>(spec.Get("sqlType").As<Napi::Number>().Int32Value());
    col.size = static_cast<SQLULEN>(spec.Get("size").As<Napi::Number>().Int64Value());
    col.digits = static_cast<SQLSMALLINT>(spec.Get("digits").As<Napi::Number>().Int32Value());
    col.width = static_cast<SQLLEN>(spec.Get("width").As<Napi::Number>().Int64Value());
    col.data = spec.Get("data").As<Napi::Buffer<char>>().Data();
    col.lengths = reinterpret_cast<SQLLEN*>(spec.Get("lengths").As<Napi::BigInt64Array>().Data());
    job->columns.push_back(col);
  }
  return Submit(env, job);
}

Napi::Value Connection::SetAutoCommit(const Napi::CallbackInfo& info) {
  return Submit(info.Env(), new ConnectionAttributeJob(info.Env(), info[0].As<Napi::Boolean>().Value()));
}

Napi::Value Connection::EndTransaction(const Napi::CallbackInfo& info) {
  return Submit(info.Env(), new EndTransactionJob(info.Env(), info[0].As<Napi::Boolean>().Value()));
}

Napi::Value Connection::Close(const Napi::CallbackInfo& info) {
  Napi::Value promise = Submit(info.Env(), new CloseJob(info.Env()));
  stopped_ = true;
  return promise;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("OdbcBulkConnection", Connection::Define(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(odbc_bulk, Init)
