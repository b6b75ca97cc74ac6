// Writing a PerformancePack as the partnership uses it: a self-contained HTML page for
// screens and print, an XLSX workbook for analysts, a tidy CSV of every figure, and a PDF
// for the agenda pack. Writers lay figures out; they compute nothing but layout.
#pragma once

#include <string>

#include "domain/status.h"
#include "performance/pack.h"
#include "report/pdf_print.h"

namespace safer {

Status WritePackHtml(const PerformancePack& pack, const std::string& path);
Status WritePackXlsx(const PerformancePack& pack, const std::string& path);
// pack.csv: table,row,column,area,period,value,unit,definition,provenance — one line a figure.
Status WritePackCsv(const PerformancePack& pack, const std::string& path);

}  // namespace safer
