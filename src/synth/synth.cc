// Synthetic police.uk street files. A force's geography (local authorities, LSOAs and their
// anonymised points) depends only on the seed and the force's index, and a file only on the
// seed, the force and the month, so a file keeps its bytes when the range around it changes.
#include "synth/synth.h"

#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <numbers>
#include <string_view>
#include <system_error>

#include "domain/period.h"

namespace safer {
namespace {

constexpr int kMaxForces = 50;
constexpr int kMaxMonths = 600;
constexpr int64_t kMaxRowsPerForceMonth = 10'000'000;

constexpr std::string_view kHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n";

// splitmix64's finaliser. It is a bijection on 64-bit values, which is what makes the
// Crime IDs below unique rather than merely unlikely to collide.
uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256**: our own generator so the bytes do not depend on a standard library's <random>.
class Random {
 public:
  explicit Random(uint64_t seed) {
    for (uint64_t& s : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      s = Mix(seed);
    }
  }

  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  double Between(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  int Between(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(((Next() >> 32) * static_cast<uint64_t>(hi - lo + 1)) >> 32);
  }
  bool Chance(double p) { return Uniform() < p; }
  double Gaussian() {
    const double u = 1.0 - Uniform();  // (0, 1], so the log is finite
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * Uniform());
  }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[static_cast<size_t>(Between(0, static_cast<int>(N) - 1))];
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<uint64_t, 4> state_;
};

// Walker's alias method: a draw from a fixed weighted list in constant time, which matters
// when a force's rows are spread over tens of thousands of points.
class WeightedChoice {
 public:
  explicit WeightedChoice(const std::vector<double>& weights)
      : keep_below_(weights.size()), alias_(weights.size()) {
    const size_t n = weights.size();
    double total = 0;
    for (double w : weights) total += w;
    std::vector<double> scaled(n);
    std::vector<uint32_t> small, large;
    for (size_t i = 0; i < n; ++i) {
      scaled[i] = weights[i] * static_cast<double>(n) / total;
      (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      const uint32_t s = small.back(), l = large.back();
      small.pop_back();
      keep_below_[s] = static_cast<uint64_t>(scaled[s] * 0x1.0p32);
      alias_[s] = l;
      scaled[l] -= 1.0 - scaled[s];
      if (scaled[l] < 1.0) {
        large.pop_back();
        small.push_back(l);
      }
    }
    // Whatever is left holds (up to rounding) exactly its own share.
    for (uint32_t i : small) keep_below_[i] = uint64_t{1} << 32, alias_[i] = i;
    for (uint32_t i : large) keep_below_[i] = uint64_t{1} << 32, alias_[i] = i;
  }

  size_t Draw(Random& random) const {
    const uint64_t r = random.Next();
    const size_t i = static_cast<size_t>(((r >> 32) * keep_below_.size()) >> 32);
    return (r & 0xffffffffULL) < keep_below_[i] ? i : alias_[i];
  }

 private:
  std::vector<uint64_t> keep_below_;  // keep column i when the low 32 bits are below this
  std::vector<uint32_t> alias_;
};

// Invented names, so synthetic data can never be mistaken for a real force's.
constexpr std::array<std::string_view, kMaxForces> kForceNames = {
    "Synthshire",   "Northmoor",   "Eastfell",     "Westmarsh",    "Southdale",
    "Greywater",    "Highcliff",   "Lowmead",      "Redbarrow",    "Ashvale",
    "Brackenridge", "Coldharbour", "Dunmere",      "Elderwick",    "Fernholt",
    "Glenmarch",    "Hollowby",    "Ironstead",    "Juniper Vale", "Kestrelton",
    "Larkmoor",     "Millbourne",  "Netherfold",   "Oakhurst",     "Pennydale",
    "Quarrington",  "Ravensholm",  "Saltmarsh",    "Thornwick",    "Upper Wendle",
    "Valemouth",    "Willowfen",   "Yarrowdale",   "Ambermere",    "Birchcombe",
    "Cindermoor",   "Dovecote",    "Embleshire",   "Foxley Downs", "Gorsehill",
    "Heathermoor",  "Ivyholme",    "Kingsmere",    "Lindenshire",  "Moorcastle",
    "Nettlecombe",  "Orchardshire", "Pinewold",    "Rookhaven",    "Tarnside",
};

// Local authority names are a prefix and a suffix; 20 × 15 = 300 names cover 50 forces × 5.
// The prefixes are unusual so that no name is a real authority's (Hart + pool would be).
constexpr std::array<std::string_view, 20> kTownPrefixes = {
    "Ambr", "Brel", "Corv", "Dreck", "Elst", "Fald", "Gorv", "Hask", "Ilm", "Jarr",
    "Kelm", "Lorn", "Mirv", "Nusk", "Orv", "Pelm", "Quarn", "Rusk", "Sorv", "Tarv"};
constexpr std::array<std::string_view, 15> kTownSuffixes = {
    "ford", "ham", "ton", "by", "field", "ley", "wick", "bury",
    "mouth", "pool", "stead", "worth", "caster", "dale", "bridge"};
constexpr int kLocalAuthoritiesPerForceMax = 5;

constexpr std::array<std::string_view, 40> kStreetNames = {
    "Hood", "Howden", "Stobarts", "King Oswy", "Church", "Station", "Mill", "Park",
    "Victoria", "Albert", "Queen", "York", "Oxford", "Grange", "Manor", "Chapel",
    "Meadow", "Orchard", "Willow", "Beech", "Elm", "Ash", "Oak", "Cedar",
    "Rosedale", "Farndale", "Eskdale", "Westgate", "Southfield", "Northgate", "Hilltop", "Riverside",
    "Bridge", "Market", "Castle", "Abbey", "Priory", "Cleveland", "Durham", "Whitby"};
constexpr std::array<std::string_view, 14> kStreetKinds = {
    "Road", "Street", "Close", "Lane", "Avenue", "Drive", "Way",
    "Crescent", "Grove", "Terrace", "Court", "Gardens", "Place", "View"};
// police.uk names some points after what stands there; these are among its busiest.
constexpr std::array<std::string_view, 10> kPlaces = {
    "Supermarket", "Parking Area", "Shopping Area", "Sports/Recreation Area", "Petrol Station",
    "Nightclub", "Hospital", "Police Station", "Further/Higher Educational Building",
    "Theatre/Concert Hall"};

struct Share {
  std::string_view name;
  double weight;
};

// Cleveland Police, September 2018.
constexpr std::string_view kAntiSocialBehaviour = "Anti-social behaviour";
constexpr std::array<Share, 14> kCrimeTypes = {{
    {kAntiSocialBehaviour, 2842},
    {"Bicycle theft", 95},
    {"Burglary", 457},
    {"Criminal damage and arson", 748},
    {"Drugs", 117},
    {"Other crime", 123},
    {"Other theft", 459},
    {"Possession of weapons", 31},
    {"Public order", 337},
    {"Robbery", 59},
    {"Shoplifting", 649},
    {"Theft from the person", 60},
    {"Vehicle crime", 299},
    {"Violence and sexual offences", 2140},
}};

// Cleveland Police, September 2018, plus crimes still open as in a recent month's file.
constexpr std::array<Share, 22> kOutcomes = {{
    {"Unable to prosecute suspect", 2722},
    {"Investigation complete; no suspect identified", 1927},
    {"Court result unavailable", 367},
    {"Under investigation", 300},
    {"Status update unavailable", 69},
    {"Formal action is not in the public interest", 69},
    {"Offender given a caution", 65},
    {"Offender sent to prison", 53},
    {"Further investigation is not in the public interest", 42},
    {"Offender given community sentence", 41},
    {"Defendant found not guilty", 41},
    {"Local resolution", 33},
    {"Offender fined", 24},
    {"Awaiting court outcome", 22},
    {"Offender otherwise dealt with", 19},
    {"Court case unable to proceed", 18},
    {"Offender given suspended prison sentence", 17},
    {"Offender given conditional discharge", 16},
    {"Offender given a drugs possession warning", 10},
    {"Suspect charged as part of another case", 8},
    {"Offender ordered to pay compensation", 7},
    {"Offender given penalty notice", 4},
}};

constexpr double kCrimeWithoutLocation = 0.015;
constexpr double kAsbRepeated = 0.005;
constexpr double kSeasonalSwing = 0.20;   // ± around the mean, peaking in July
constexpr double kMonthlyNoise = 0.02;    // so no two years are exactly alike

std::vector<double> Weights(const auto& shares) {
  std::vector<double> weights;
  for (const Share& s : shares) weights.push_back(s.weight);
  return weights;
}

// A force and every point its rows can fall on, each already written out as the CSV
// fields Longitude to LSOA name with their trailing commas.
struct ForceGeography {
  std::string name;  // "Synthshire Police"
  std::string slug;  // "synthshire"
  std::vector<std::string> locations;
  std::vector<double> location_weights;
};

std::string Slug(std::string_view force) {
  std::string slug;
  for (char c : force) slug += c == ' ' ? '-' : static_cast<char>(std::tolower(c));
  return slug;
}

std::string Coordinate(double degrees) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", degrees);
  return text;
}

ForceGeography BuildGeography(int force_index, uint64_t seed) {
  Random random(Mix(seed) ^ Mix(0x6f726365ULL + static_cast<uint64_t>(force_index)));
  ForceGeography force;
  force.name = std::string(kForceNames[force_index]) + " Police";
  force.slug = Slug(kForceNames[force_index]);

  // Kept inside lon −5..1.5 and lat 50..56 by the margins: a force spans at most ±0.36°.
  const double force_lon = random.Between(-4.3, 0.8);
  const double force_lat = random.Between(50.5, 55.5);
  const int local_authorities = random.Between(3, kLocalAuthoritiesPerForceMax);
  // LSOA codes start at E01200000, above every real one, and each force has its own block.
  int next_lsoa_code = 200000 + force_index * kLocalAuthoritiesPerForceMax * 150;

  for (int la = 0; la < local_authorities; ++la) {
    // 119 is coprime with 300, so this walks all 300 names without repeating one.
    const int name_index = ((force_index * kLocalAuthoritiesPerForceMax + la) * 119) % 300;
    const std::string la_name = std::string(kTownPrefixes[name_index % 20]) +
                                std::string(kTownSuffixes[name_index / 20]);
    const double la_lon = force_lon + random.Between(-0.25, 0.25);
    const double la_lat = force_lat + random.Between(-0.25, 0.25);

    const int lsoas = random.Between(60, 150);
    int msoa = 1, lsoas_in_msoa = 0, msoa_size = random.Between(4, 6);
    for (int l = 0; l < lsoas; ++l) {
      if (lsoas_in_msoa == msoa_size) {
        ++msoa;
        lsoas_in_msoa = 0;
        msoa_size = random.Between(4, 6);
      }
      char lsoa_fields[96];
      std::snprintf(lsoa_fields, sizeof lsoa_fields, "E01%06d,%s %03d%c,", next_lsoa_code++,
                    la_name.c_str(), msoa, 'A' + lsoas_in_msoa++);
      const double lsoa_lon = la_lon + random.Between(-0.1, 0.1);
      const double lsoa_lat = la_lat + random.Between(-0.1, 0.1);
      // Some LSOAs (town centres) see far more than others.
      const double lsoa_weight = std::exp(0.8 * random.Gaussian());

      const int points = random.Between(8, 30);
      double zipf_total = 0;
      for (int p = 0; p < points; ++p) zipf_total += 1.0 / std::pow(p + 1, 1.2);
      for (int p = 0; p < points; ++p) {
        std::string location = Coordinate(lsoa_lon + random.Between(-0.008, 0.008)) + ',' +
                               Coordinate(lsoa_lat + random.Between(-0.008, 0.008)) +
                               ",On or near ";
        if (random.Chance(0.15)) {
          location += random.Pick(kPlaces);
        } else {
          location += random.Pick(kStreetNames);
          location += ' ';
          location += random.Pick(kStreetKinds);
        }
        location += ',';
        location += lsoa_fields;
        force.locations.push_back(std::move(location));
        force.location_weights.push_back(lsoa_weight / std::pow(p + 1, 1.2) / zipf_total);
      }
    }
  }
  return force;
}

// Fills a large buffer and hands it to the file in big writes.
class StreetFileWriter {
 public:
  static constexpr size_t kChunk = 1 << 20;
  static constexpr size_t kMaxLine = 1024;  // our longest line is well under 400 bytes

  ~StreetFileWriter() {
    if (file_) std::fclose(file_);
  }

  Status Open(const std::string& path) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) return Error();
    buffer_.resize(kChunk + 2 * kMaxLine);
    return Status::Ok();
  }

  void Put(std::string_view text) {
    std::memcpy(buffer_.data() + used_, text.data(), text.size());
    used_ += text.size();
  }

  void PutHex(uint64_t value) {
    static constexpr char kDigits[] = "0123456789abcdef";
    char* out = buffer_.data() + used_;
    for (int i = 15; i >= 0; --i, value >>= 4) out[i] = kDigits[value & 15];
    used_ += 16;
  }

  size_t used() const { return used_; }

  // Appends a copy of the bytes from `from` to the end, for a repeated line.
  void Repeat(size_t from) { Put(std::string_view(buffer_.data() + from, used_ - from)); }

  // Called between lines, never inside one, so a line never straddles a flush.
  Status FlushIfFull() { return used_ >= kChunk ? Flush() : Status::Ok(); }

  Status Close() {
    Status flushed = Flush();
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (!flushed.ok()) return flushed;
    return closed == 0 ? Status::Ok() : Error();
  }

 private:
  Status Flush() {
    if (used_ > 0 && std::fwrite(buffer_.data(), 1, used_, file_) != used_) return Error();
    used_ = 0;
    return Status::Ok();
  }
  Status Error() const { return Status::IOError(path_ + ": " + std::strerror(errno)); }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  size_t used_ = 0;
};

struct Choices {
  WeightedChoice location;
  WeightedChoice crime_type;
  WeightedChoice outcome;
  // The CSV text for each choice, with the separator that follows it.
  std::vector<std::string> crime_type_fields;  // "Burglary,"
  std::vector<std::string> outcome_fields;     // "Unable to prosecute suspect,\n"
  size_t anti_social_behaviour = 0;
};

Choices MakeChoices(const ForceGeography& force) {
  Choices choices{WeightedChoice(force.location_weights), WeightedChoice(Weights(kCrimeTypes)),
                  WeightedChoice(Weights(kOutcomes)), {}, {}, 0};
  for (size_t i = 0; i < kCrimeTypes.size(); ++i) {
    choices.crime_type_fields.push_back(std::string(kCrimeTypes[i].name) + ',');
    if (kCrimeTypes[i].name == kAntiSocialBehaviour) choices.anti_social_behaviour = i;
  }
  for (const Share& outcome : kOutcomes)
    choices.outcome_fields.push_back(std::string(outcome.name) + ",\n");
  return choices;
}

Status WriteStreetFile(const ForceGeography& force, const Choices& choices, int force_index,
                       Month month, const SynthOptions& options, SynthFile* file) {
  const uint64_t file_key = (static_cast<uint64_t>(force_index) << 16) |
                            static_cast<uint64_t>(month.index());
  Random random(Mix(options.seed) ^ Mix(~file_key));

  const double season =
      1.0 + kSeasonalSwing * std::cos(2.0 * std::numbers::pi * (month.month() - 7) / 12.0);
  const double noise = 1.0 + random.Between(-kMonthlyNoise, kMonthlyNoise);
  const int64_t rows = std::llround(
      static_cast<double>(options.rows_per_force_month) * season * noise);

  StreetFileWriter out;
  if (Status s = out.Open(file->path); !s.ok()) return s;
  out.Put(kHeader);

  const std::string month_fields = ',' + month.ToString() + ',' + force.name + ',' + force.name + ',';
  // A Crime ID starts with a bijective mix of (force, month, row), unique for the seed; the
  // row needs 24 bits (at most 12.3 million rows a file), the month index 16, the force 6.
  const uint64_t id_key = Mix(options.seed ^ 0x43726d4964ULL);
  const uint64_t id_base = (static_cast<uint64_t>(force_index) << 40) |
                           (static_cast<uint64_t>(month.index()) << 24);
  constexpr std::string_view kNoLocation = ",,No Location,,,";
  constexpr std::string_view kNoOutcome = ",\n";

  for (int64_t row = 0; row < rows; ++row) {
    const size_t line_start = out.used();
    const size_t crime_type = choices.crime_type.Draw(random);
    const bool asb = crime_type == choices.anti_social_behaviour;
    if (!asb) {
      out.PutHex(Mix((id_base + static_cast<uint64_t>(row)) ^ id_key));
      for (int i = 0; i < 3; ++i) out.PutHex(random.Next());
    }
    out.Put(month_fields);
    if (!asb && random.Chance(kCrimeWithoutLocation)) {
      out.Put(kNoLocation);
    } else {
      out.Put(force.locations[choices.location.Draw(random)]);
    }
    out.Put(choices.crime_type_fields[crime_type]);
    out.Put(asb ? kNoOutcome : choices.outcome_fields[choices.outcome.Draw(random)]);
    // The same ASB report can legitimately appear twice, byte for byte.
    if (asb && row + 1 < rows && random.Chance(kAsbRepeated)) {
      out.Repeat(line_start);
      ++row;
    }
    if (Status s = out.FlushIfFull(); !s.ok()) return s;
  }
  file->rows = rows;
  return out.Close();
}

Status Validate(const SynthOptions& options) {
  if (options.out_dir.empty()) return Status::InvalidInput("an output directory is required");
  if (options.forces < 1 || options.forces > kMaxForces)
    return Status::InvalidInput("forces must be between 1 and " + std::to_string(kMaxForces) +
                                ", not " + std::to_string(options.forces));
  if (options.months < 1 || options.months > kMaxMonths)
    return Status::InvalidInput("months must be between 1 and " + std::to_string(kMaxMonths) +
                                ", not " + std::to_string(options.months));
  if (options.rows_per_force_month < 1 || options.rows_per_force_month > kMaxRowsPerForceMonth)
    return Status::InvalidInput("rows per force-month must be between 1 and " +
                                std::to_string(kMaxRowsPerForceMonth) + ", not " +
                                std::to_string(options.rows_per_force_month));
  if (!Month::Parse(options.first_month))
    return Status::InvalidInput("first month must be YYYY-MM (year 1900-2999), not \"" +
                                options.first_month + "\"");
  return Status::Ok();
}

}  // namespace

Status Synthesize(const SynthOptions& options, std::vector<SynthFile>* files) {
  if (Status s = Validate(options); !s.ok()) return s;
  const Month first = *Month::Parse(options.first_month);
  const std::filesystem::path out_dir(options.out_dir);

  for (int f = 0; f < options.forces; ++f) {
    const ForceGeography force = BuildGeography(f, options.seed);
    const Choices choices = MakeChoices(force);
    for (int m = 0; m < options.months; ++m) {
      const Month month = first.plus(m);
      const std::filesystem::path dir = out_dir / month.ToString();
      std::error_code error;
      std::filesystem::create_directories(dir, error);
      if (error) return Status::IOError(dir.string() + ": " + error.message());

      SynthFile file;
      file.path = (dir / (month.ToString() + '-' + force.slug + "-street.csv")).string();
      if (Status s = WriteStreetFile(force, choices, f, month, options, &file); !s.ok()) return s;
      files->push_back(std::move(file));
    }
  }
  return Status::Ok();
}

}  // namespace safer
