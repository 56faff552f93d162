// Errors with context: every bad input names its file, line, column and key.
#pragma once
#include <stdexcept>
#include <string>

namespace hwsim {

// A problem with an input file. what() is the full one-line message for the user.
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, int column, std::string key, std::string message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& key() const { return key_; }
  // What is wrong, without the file, line and key.
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string key_;
  std::string message_;
};

// A long command stopped on request (Ctrl-C or SIGTERM) at a safe point: between replications,
// months or output files. Thrown by the loops that are asked whether to stop.
class Stopped : public std::runtime_error {
 public:
  Stopped() : std::runtime_error("stopped on request") {}
};

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace hwsim
