// CsvReader behaviour: RFC 4180 splitting, line numbers, tolerated irregularities, and
// errors reported per record with the reader carrying on at the next line.
#include "ingest/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace safer {
namespace {

using Fields = std::vector<std::string>;

// One record as plain values, so tests can compare after the reader has moved on.
struct Read {
  int64_t line = 0;
  std::string raw;
  Fields fields;
  std::string error;
};

std::vector<Read> ReadAll(std::string_view text, CsvReader* reader) {
  std::vector<Read> out;
  CsvRecord record;
  while (reader->Next(&record)) {
    Read r{record.line, std::string(record.raw), {}, record.error};
    for (auto f : record.fields) r.fields.emplace_back(f);
    out.push_back(std::move(r));
    if (out.size() > text.size() + 1) {
      ADD_FAILURE() << "reader does not terminate";
      break;
    }
  }
  EXPECT_EQ(reader->offset(), text.size());
  return out;
}

std::vector<Read> ReadAll(std::string_view text) {
  CsvReader reader(text);
  return ReadAll(text, &reader);
}

bool Inside(std::string_view inner, std::string_view outer) {
  return inner.data() >= outer.data() && inner.data() + inner.size() <= outer.data() + outer.size();
}

TEST(CsvReader, EmptyBufferHasNoRecords) {
  CsvReader reader("");
  CsvRecord record;
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_EQ(reader.offset(), 0u);
  EXPECT_EQ(reader.blank_lines(), 0);
}

TEST(CsvReader, PlainRowsSplitOnCommasWithLineNumbers) {
  const std::string text = "a,b,c\nd,e,f\ng,h,i\n";
  auto records = ReadAll(text);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[0].raw, "a,b,c");
  EXPECT_EQ(records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].fields, (Fields{"d", "e", "f"}));
  EXPECT_EQ(records[2].line, 3);
  EXPECT_EQ(records[2].fields, (Fields{"g", "h", "i"}));
  for (const auto& r : records) EXPECT_EQ(r.error, "");
}

TEST(CsvReader, EmptyFieldsAreKept) {
  auto records = ReadAll(",a,,\n,\nx\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"", "a", "", ""}));
  EXPECT_EQ(records[1].fields, (Fields{"", ""}));
  EXPECT_EQ(records[2].fields, (Fields{"x"}));
}

TEST(CsvReader, UnquotedFieldsAreViewsIntoTheBufferAndOffsetAdvances) {
  const std::string text = "ab,cd\nef\n";
  CsvReader reader(text);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(reader.offset(), 6u);  // just past the first '\n'
  ASSERT_EQ(record.fields.size(), 2u);
  EXPECT_TRUE(Inside(record.raw, text));
  EXPECT_EQ(record.raw.data(), text.data());
  for (auto f : record.fields) EXPECT_TRUE(Inside(f, record.raw));
  EXPECT_EQ(record.fields[1].data(), text.data() + 3);
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(reader.offset(), text.size());
  EXPECT_EQ(record.fields, (std::vector<std::string_view>{"ef"}));
  EXPECT_FALSE(reader.Next(&record));
}

TEST(CsvReader, QuotedFieldsMayHoldCommas) {
  auto records = ReadAll("\"On or near Park, Bath\",x,\"\"\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[0].raw, "\"On or near Park, Bath\",x,\"\"");
  EXPECT_EQ(records[0].fields, (Fields{"On or near Park, Bath", "x", ""}));
}

TEST(CsvReader, DoubledQuotesInsideQuotesAreOneQuote) {
  auto records = ReadAll("\"say \"\"hi\"\"\",\"\"\"\",\"a\"\"\"\"b\"\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[0].fields, (Fields{"say \"hi\"", "\"", "a\"\"b"}));
}

TEST(CsvReader, QuotedRecordsAndPlainRecordsMix) {
  auto records = ReadAll("a,b\n\"c\",d\ne,\"f\"\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields, (Fields{"e", "f"}));
  EXPECT_EQ(records[2].line, 3);
}

TEST(CsvReader, NewlinesInsideQuotesKeepLineNumbersOfLaterRecords) {
  const std::string text =
      "a,\"line one\nline two\",b\n"  // lines 1-2
      "next,row\n"                    // line 3
      "\"x\n\ny\",z\n"                // lines 4-6
      "last\n";                       // line 7
  auto records = ReadAll(text);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[0].fields, (Fields{"a", "line one\nline two", "b"}));
  EXPECT_EQ(records[0].raw, "a,\"line one\nline two\",b");
  EXPECT_EQ(records[1].line, 3);
  EXPECT_EQ(records[1].fields, (Fields{"next", "row"}));
  EXPECT_EQ(records[2].line, 4);
  EXPECT_EQ(records[2].fields, (Fields{"x\n\ny", "z"}));
  EXPECT_EQ(records[3].line, 7);
  EXPECT_EQ(records[3].fields, (Fields{"last"}));
}

TEST(CsvReader, CrlfLineEndsAreNotPartOfFields) {
  const std::string text = "a,b\r\n\"c\",d\r\ne,\"f\r\ng\"\r\nh\r\n";
  auto records = ReadAll(text);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].raw, "a,b");
  EXPECT_EQ(records[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(records[1].raw, "\"c\",d");
  EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields, (Fields{"e", "f\r\ng"}));  // inside quotes, kept as written
  EXPECT_EQ(records[2].line, 3);
  EXPECT_EQ(records[3].fields, (Fields{"h"}));
  EXPECT_EQ(records[3].line, 5);
}

TEST(CsvReader, LoneCarriageReturnInsideALineIsData) {
  auto records = ReadAll("a\rb,c\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (Fields{"a\rb", "c"}));
}

TEST(CsvReader, ByteOrderMarkIsSkippedAtTheStartOnly) {
  auto records = ReadAll("\xEF\xBB\xBF" "a,b\n\xEF\xBB\xBF" "c\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[0].raw, "a,b");
  EXPECT_EQ(records[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(records[1].fields, (Fields{"\xEF\xBB\xBF" "c"}));  // not a BOM mid-file
}

TEST(CsvReader, ByteOrderMarkBeforeAQuotedField) {
  auto records = ReadAll("\xEF\xBB\xBF\"Crime ID\",Month\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[0].fields, (Fields{"Crime ID", "Month"}));
}

TEST(CsvReader, BufferWithOnlyAByteOrderMarkHasNoRecords) {
  const std::string text = "\xEF\xBB\xBF";
  CsvReader reader(text);
  CsvRecord record;
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_EQ(reader.offset(), 3u);
}

TEST(CsvReader, BlankLinesAreCountedAndSkipped) {
  const std::string text = "\na,b\n\n\r\nc\n\n";
  CsvReader reader(text);
  auto records = ReadAll(text, &reader);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].line, 2);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(records[1].line, 5);
  EXPECT_EQ(records[1].fields, (Fields{"c"}));
  EXPECT_EQ(reader.blank_lines(), 4);
}

TEST(CsvReader, OnlyBlankLines) {
  const std::string text = "\n\r\n\n";
  CsvReader reader(text);
  CsvRecord record;
  EXPECT_FALSE(reader.Next(&record));
  EXPECT_EQ(reader.blank_lines(), 3);
  EXPECT_EQ(reader.offset(), text.size());
}

TEST(CsvReader, LastLineWithoutLineEnd) {
  auto records = ReadAll("a,b\nc,d");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].raw, "c,d");
  EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));

  records = ReadAll("a\n\"c\",\"d\"");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].error, "");
  EXPECT_EQ(records[1].raw, "\"c\",\"d\"");
  EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));

  records = ReadAll("\"c\",d,");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (Fields{"c", "d", ""}));
}

TEST(CsvReader, UnterminatedQuoteAtEndOfFileIsReportedAndReadingResumesAtTheNextLine) {
  const std::string text = "a,b\n\"c,d\ne,f\ng\n";
  auto records = ReadAll(text);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_NE(records[1].error, "");
  EXPECT_NE(records[1].error.find("not closed"), std::string::npos) << records[1].error;
  EXPECT_EQ(records[1].raw, "\"c,d");  // the record's first line only
  EXPECT_TRUE(records[1].fields.empty());
  EXPECT_EQ(records[2].line, 3);
  EXPECT_EQ(records[2].error, "");
  EXPECT_EQ(records[2].fields, (Fields{"e", "f"}));
  EXPECT_EQ(records[3].line, 4);
  EXPECT_EQ(records[3].fields, (Fields{"g"}));
}

TEST(CsvReader, UnterminatedQuoteOnTheLastLine) {
  auto records = ReadAll("a\n\"b");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_NE(records[1].error, "");
  EXPECT_EQ(records[1].raw, "\"b");
}

TEST(CsvReader, TextAfterAClosingQuoteIsAnError) {
  auto records = ReadAll("\"a\"b,c\nd\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_NE(records[0].error.find("after the closing quote"), std::string::npos) << records[0].error;
  EXPECT_EQ(records[0].raw, "\"a\"b,c");
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].error, "");
  EXPECT_EQ(records[1].fields, (Fields{"d"}));
}

TEST(CsvReader, SpaceAfterAClosingQuoteIsAnError) {
  auto records = ReadAll("\"a\" ,b\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_NE(records[0].error, "");
}

TEST(CsvReader, QuoteInsideAnUnquotedFieldIsAnError) {
  auto records = ReadAll("a\"b,c\nd,e\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_NE(records[0].error.find("quote inside an unquoted field"), std::string::npos)
      << records[0].error;
  EXPECT_EQ(records[0].raw, "a\"b,c");
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].fields, (Fields{"d", "e"}));
}

TEST(CsvReader, AnErrorAfterAQuotedLineEndResumesOnTheRecordsSecondLine) {
  // The quoted field spans lines 1-2 and is followed by text: the record is reported on
  // line 1 and reading resumes at line 2, which is read (and fails) on its own.
  auto records = ReadAll("\"a\nb\"c,d\ne\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_NE(records[0].error, "");
  EXPECT_EQ(records[0].raw, "\"a");
  EXPECT_EQ(records[1].line, 2);
  EXPECT_NE(records[1].error, "");
  EXPECT_EQ(records[1].raw, "b\"c,d");
  EXPECT_EQ(records[2].line, 3);
  EXPECT_EQ(records[2].fields, (Fields{"e"}));
}

TEST(CsvReader, FieldsAreClearedBetweenRecords) {
  const std::string text = "a,b,c\n\"x\"y\nz\n";
  CsvReader reader(text);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record.fields.size(), 3u);
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_NE(record.error, "");
  EXPECT_TRUE(record.fields.empty());
  ASSERT_TRUE(reader.Next(&record));
  EXPECT_EQ(record.error, "");
  EXPECT_EQ(record.fields, (std::vector<std::string_view>{"z"}));
}

TEST(CsvReader, RecordOfTheMaximumLengthIsRead) {
  const std::string line(CsvReader::kMaxRecordBytes, 'x');
  auto records = ReadAll(line + "\nnext\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[0].fields[0].size(), CsvReader::kMaxRecordBytes);

  const std::string quoted = "\"" + std::string(CsvReader::kMaxRecordBytes - 2, 'x') + "\"";
  records = ReadAll(quoted + "\nnext\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[0].fields[0].size(), CsvReader::kMaxRecordBytes - 2);
}

TEST(CsvReader, OverLongRecordIsAnErrorAndReadingResumes) {
  const std::string line(CsvReader::kMaxRecordBytes + 1, 'x');
  auto records = ReadAll("a\n" + line + "\nnext,row\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_NE(records[1].error.find("longer than"), std::string::npos) << records[1].error;
  EXPECT_LE(records[1].raw.size(), 1000u);  // a short excerpt, not the whole record
  EXPECT_TRUE(records[1].fields.empty());
  EXPECT_EQ(records[2].line, 3);
  EXPECT_EQ(records[2].fields, (Fields{"next", "row"}));
}

TEST(CsvReader, OverLongQuotedRecordIsAnErrorAndReadingResumes) {
  const std::string quoted = "\"" + std::string(CsvReader::kMaxRecordBytes + 10, 'x') + "\"";
  auto records = ReadAll(quoted + "\nnext\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_NE(records[0].error, "");
  EXPECT_LE(records[0].raw.size(), CsvReader::kMaxRecordBytes);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].fields, (Fields{"next"}));
}

TEST(CsvReader, UnclosedQuoteOverManyLinesStopsAtTheLengthLimit) {
  std::string text = "\"open\n";
  const std::string filler = std::string(99, 'y') + "\n";
  while (text.size() < CsvReader::kMaxRecordBytes + 1000) text += filler;
  auto records = ReadAll(text);
  ASSERT_GE(records.size(), 2u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_NE(records[0].error, "");
  EXPECT_EQ(records[1].line, 2);  // resumes right after the bad line
  EXPECT_EQ(records[1].error, "");
  EXPECT_EQ(records[1].fields, (Fields{std::string(99, 'y')}));
}

std::string Commas(size_t fields, std::string_view first = "") {
  std::string s(first);
  s += std::string(fields - 1, ',');
  return s;
}

TEST(CsvReader, MaximumNumberOfFieldsIsRead) {
  auto records = ReadAll(Commas(CsvReader::kMaxFields) + "\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[0].fields.size(), CsvReader::kMaxFields);

  records = ReadAll(Commas(CsvReader::kMaxFields, "\"q\"") + "\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[0].fields.size(), CsvReader::kMaxFields);
}

TEST(CsvReader, TooManyFieldsIsAnError) {
  auto records = ReadAll(Commas(CsvReader::kMaxFields + 1) + "\nok\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_NE(records[0].error.find("more than 256 fields"), std::string::npos) << records[0].error;
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].fields, (Fields{"ok"}));
}

TEST(CsvReader, TooManyFieldsInAQuotedRecordIsAnError) {
  // Last field quoted.
  auto records = ReadAll(Commas(CsvReader::kMaxFields + 1) + "\"q\"\nok\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_NE(records[0].error.find("more than 256 fields"), std::string::npos) << records[0].error;
  EXPECT_EQ(records[1].fields, (Fields{"ok"}));

  // First field quoted, last field unquoted, ended by a line end or by the end of the file.
  for (std::string end : {"\n", "\r\n", ""}) {
    records = ReadAll(Commas(CsvReader::kMaxFields + 1, "\"q\"") + end);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_NE(records[0].error.find("more than 256 fields"), std::string::npos)
        << "line end " << testing::PrintToString(end) << ": " << records[0].fields.size()
        << " fields, error \"" << records[0].error << "\"";
  }
}

TEST(CsvReader, QuotedFieldsSurviveLaterGrowthOfTheRecord) {
  // Many quoted fields: the views must stay valid however the reader stores them.
  std::string text;
  Fields expected;
  for (int i = 0; i < 200; ++i) {
    std::string value = std::string(50, static_cast<char>('a' + i % 26)) + "," + std::to_string(i);
    expected.push_back(value);
    text += (i ? "," : "") + ("\"" + value + "\"");
  }
  auto records = ReadAll(text + "\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].error, "");
  EXPECT_EQ(records[0].fields, expected);
}

}  // namespace
}  // namespace safer
