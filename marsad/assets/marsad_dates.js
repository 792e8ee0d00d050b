/* Arabic locales for the date pickers (dash-mantine-components' DatesProvider reads window["dayjs_locale_" + name]
   and hands it to its own dayjs): Gregorian month names as written in the Gulf ("ar"), and as in the Levant
   ("ar-levant", Jordan). Weeks start per the country profile (DatesProvider's firstDayOfWeek), not here. */
(function () {
  var days = ["الأحد", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"];
  var daysShort = ["أحد", "إثنين", "ثلاثاء", "أربعاء", "خميس", "جمعة", "سبت"];
  var daysMin = ["ح", "ن", "ث", "ر", "خ", "ج", "س"];
  function locale(name, months) {
    return {
      name: name,
      weekdays: days,
      weekdaysShort: daysShort,
      weekdaysMin: daysMin,
      months: months,
      monthsShort: months,
      weekStart: 0,
      ordinal: function (n) { return n; },
      formats: { LT: "HH:mm", LTS: "HH:mm:ss", L: "D/M/YYYY", LL: "D MMMM YYYY", LLL: "D MMMM YYYY HH:mm",
                 LLLL: "dddd D MMMM YYYY HH:mm" }
    };
  }
  window["dayjs_locale_ar"] = locale("ar", ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                                           "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]);
  window["dayjs_locale_ar-levant"] = locale("ar-levant", ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
                                                         "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني",
                                                         "كانون الأول"]);
})();
