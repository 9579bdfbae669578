/*
 * consumePacked: a batch of consumed messages handed to JavaScript as two buffers, where the
 * binding's own `consume` builds one object per message, sets its eight properties through the
 * V8 API one by one and copies its key and value into two Buffers of their own.
 *
 * This file is ours (tsconnect), compiled into @confluentinc/kafka-javascript's addon by
 * scripts/setup.mjs, which also registers the method on the native KafkaConsumer. It reads
 * messages exactly as the binding's `consume(timeout, n, true, cb)` does (the same
 * KafkaConsumer::Consume, so rebalances, errors and time-outs are served the same way) and packs
 * them on the thread pool:
 *
 *   data: every message's key bytes, value bytes, then for each header its name (UTF-8) and value
 *   meta: float64 per message: offset, timestamp, timestamp type (0 none, 1 CreateTime,
 *         2 LogAppendTime), partition, topic index, key length, value length (-1 = null),
 *         header count; then name length and value length per header
 *   topics: the topic names the topic indexes refer to
 *
 * callback(error) or callback(null, data, meta, topics, count)
 */
#include <nan.h>
#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "rdkafkacpp.h"  // NOLINT

#include "src/kafka-consumer.h"
#include "src/workers.h"

namespace NodeKafka {
namespace {

constexpr size_t kFixedFields = 8;

/*
 * A batch's bytes live until the last record of it is collected, and they are allocated on a pool
 * thread: from malloc, a batch of megabytes would come from that thread's arena once glibc's
 * sliding mmap threshold has grown past it, and leave the arena fragmented and resident. Large
 * blocks are mapped and unmapped directly instead, so their pages go back to the system when the
 * batch's Buffer is collected (in the sink bench, task hosts peaked 40-70 MB lower than with
 * malloc). Every page is written at once, so MAP_POPULATE faults them all in with the one call.
 */
constexpr size_t kMapAtLeast = 256 * 1024;

void *Allocate(size_t size) {
  if (size < kMapAtLeast) return malloc(size > 0 ? size : 1);
  void *block = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  return block == MAP_FAILED ? nullptr : block;
}

void Release(void *block, size_t size) {
  if (block == nullptr) return;
  if (size < kMapAtLeast) free(block);
  else munmap(block, size);
}

/** A Buffer's free callback: the hint is the block's allocated size. */
void ReleaseBuffer(char *data, void *hint) {
  Release(data, reinterpret_cast<size_t>(hint));
}

class ConsumePackedWorker : public Workers::ErrorAwareWorker {
 public:
  ConsumePackedWorker(Nan::Callback *callback, KafkaConsumer *consumer, uint32_t max_messages, int timeout_ms)
      : ErrorAwareWorker(callback), consumer_(consumer), max_messages_(max_messages), timeout_ms_(timeout_ms) {}

  ~ConsumePackedWorker() override {
    Release(data_, data_capacity_);
    Release(meta_, meta_capacity_);
  }

  void Execute() override {
    std::vector<RdKafka::Message *> messages;
    int timeout_ms = timeout_ms_;
    bool failed = false;
    while (messages.size() < max_messages_) {
      Baton baton = consumer_->Consume(timeout_ms);
      if (baton.err() != RdKafka::ERR_NO_ERROR) {
        if (messages.empty()) {
          SetErrorBaton(baton);
          failed = true;
        }
        break;
      }
      RdKafka::Message *message = baton.data<RdKafka::Message *>();
      RdKafka::ErrorCode code = message->err();
      if (code == RdKafka::ERR_NO_ERROR) {
        messages.push_back(message);
        // Wait only for the first message, then take what has already arrived.
        timeout_ms = 1;
        continue;
      }
      delete message;
      // A partition's end (enable.partition.eof) is no record: keep reading what is ready.
      if (code == RdKafka::ERR__PARTITION_EOF) {
        if (!messages.empty()) timeout_ms = 1;
        continue;
      }
      if (code != RdKafka::ERR__TIMED_OUT && code != RdKafka::ERR__TIMED_OUT_QUEUE && messages.empty()) {
        SetErrorBaton(Baton(code));
        failed = true;
      }
      break;
    }
    if (!failed) Pack(messages);
    for (RdKafka::Message *message : messages) delete message;
  }

  void HandleOKCallback() override {
    Nan::HandleScope scope;
    v8::Local<v8::Array> topics = Nan::New<v8::Array>(static_cast<int>(topics_.size()));
    for (size_t i = 0; i < topics_.size(); i++) {
      Nan::Set(topics, static_cast<uint32_t>(i), Nan::New<v8::String>(topics_[i]).ToLocalChecked());
    }
    // The buffers take over the memory: no copy on this thread.
    v8::Local<v8::Value> data = Nan::NewBuffer(data_, static_cast<uint32_t>(data_size_), ReleaseBuffer,
                                               reinterpret_cast<void *>(data_capacity_)).ToLocalChecked();
    v8::Local<v8::Value> meta = Nan::NewBuffer(reinterpret_cast<char *>(meta_), static_cast<uint32_t>(meta_count_ * sizeof(double)),
                                               ReleaseBuffer, reinterpret_cast<void *>(meta_capacity_)).ToLocalChecked();
    data_ = nullptr;
    meta_ = nullptr;
    v8::Local<v8::Value> argv[] = {Nan::Null(), data, meta, topics, Nan::New<v8::Number>(static_cast<double>(count_))};
    callback->Call(5, argv, async_resource);
  }

 private:
  void Pack(const std::vector<RdKafka::Message *> &messages) {
    size_t data_size = 0;
    size_t meta_count = 0;
    for (RdKafka::Message *message : messages) {
      meta_count += kFixedFields;
      if (message->key_pointer() != nullptr) data_size += message->key_len();
      if (message->payload() != nullptr) data_size += message->len();
      RdKafka::Headers *headers = message->headers();
      if (headers != nullptr) {
        for (const RdKafka::Headers::Header &header : headers->get_all()) {
          meta_count += 2;
          data_size += header.key().size() + header.value_size();
        }
      }
    }
    // At least one byte each: malloc(0) may answer null, which a Buffer cannot own.
    data_capacity_ = data_size > 0 ? data_size : 1;
    meta_capacity_ = (meta_count > 0 ? meta_count : 1) * sizeof(double);
    data_ = static_cast<char *>(Allocate(data_capacity_));
    meta_ = static_cast<double *>(Allocate(meta_capacity_));
    if (data_ == nullptr || meta_ == nullptr) {
      SetErrorBaton(Baton(RdKafka::ERR__FAIL, "Out of memory packing consumed messages"));
      return;
    }
    size_t at = 0;
    size_t field = 0;
    for (RdKafka::Message *message : messages) {
      const std::string &topic = message->topic_name();
      size_t topic_index = 0;
      while (topic_index < topics_.size() && topics_[topic_index] != topic) topic_index++;
      if (topic_index == topics_.size()) topics_.push_back(topic);

      RdKafka::MessageTimestamp timestamp = message->timestamp();
      double timestamp_type = 0;
      if (timestamp.type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_CREATE_TIME) timestamp_type = 1;
      else if (timestamp.type == RdKafka::MessageTimestamp::MSG_TIMESTAMP_LOG_APPEND_TIME) timestamp_type = 2;

      meta_[field++] = static_cast<double>(message->offset());
      meta_[field++] = timestamp_type == 0 ? -1 : static_cast<double>(timestamp.timestamp);
      meta_[field++] = timestamp_type;
      meta_[field++] = static_cast<double>(message->partition());
      meta_[field++] = static_cast<double>(topic_index);
      const void *key = message->key_pointer();
      meta_[field++] = key == nullptr ? -1 : static_cast<double>(message->key_len());
      const void *value = message->payload();
      meta_[field++] = value == nullptr ? -1 : static_cast<double>(message->len());
      size_t header_count_field = field++;
      meta_[header_count_field] = 0;
      if (key != nullptr && message->key_len() > 0) {
        memcpy(data_ + at, key, message->key_len());
        at += message->key_len();
      }
      if (value != nullptr && message->len() > 0) {
        memcpy(data_ + at, value, message->len());
        at += message->len();
      }
      RdKafka::Headers *headers = message->headers();
      if (headers == nullptr) continue;
      double header_count = 0;
      for (const RdKafka::Headers::Header &header : headers->get_all()) {
        const std::string &name = header.key();
        memcpy(data_ + at, name.data(), name.size());
        at += name.size();
        // librdkafka reads a null header value as empty bytes, as the binding's consume does.
        size_t value_size = header.value() == nullptr ? 0 : header.value_size();
        if (value_size > 0) {
          memcpy(data_ + at, header.value(), value_size);
          at += value_size;
        }
        meta_[field++] = static_cast<double>(name.size());
        meta_[field++] = static_cast<double>(value_size);
        header_count++;
      }
      meta_[header_count_field] = header_count;
    }
    data_size_ = at;
    meta_count_ = field;
    count_ = messages.size();
  }

  KafkaConsumer *consumer_;
  const uint32_t max_messages_;
  const int timeout_ms_;
  char *data_ = nullptr;
  double *meta_ = nullptr;
  size_t data_size_ = 0;
  size_t data_capacity_ = 0;
  size_t meta_capacity_ = 0;
  size_t meta_count_ = 0;
  size_t count_ = 0;
  std::vector<std::string> topics_;
};

}  // namespace

// consumePacked(timeoutMs, maxMessages, callback)
NAN_METHOD(KafkaConsumerConsumePacked) {
  if (info.Length() < 3 || !info[0]->IsNumber() || !info[1]->IsNumber() || !info[2]->IsFunction()) {
    return Nan::ThrowError("consumePacked(timeoutMs, maxMessages, callback)");
  }
  int timeout_ms = static_cast<int>(Nan::To<uint32_t>(info[0]).FromMaybe(1000));
  uint32_t max_messages = Nan::To<uint32_t>(info[1]).FromMaybe(1);
  if (max_messages == 0) return Nan::ThrowError("maxMessages must be at least 1");
  KafkaConsumer *consumer = Nan::ObjectWrap::Unwrap<KafkaConsumer>(info.This());
  Nan::Callback *callback = new Nan::Callback(info[2].As<v8::Function>());
  Nan::AsyncQueueWorker(new ConsumePackedWorker(callback, consumer, max_messages, timeout_ms));
  info.GetReturnValue().Set(Nan::Null());
}

}  // namespace NodeKafka
